import Testing
import ToolConfig

/// MappingReader: where unknown keys are reported and what is suggested.
@Suite struct MappingReaderTests {
    @Test(arguments: [
        ("run", "wait-for: [x]", "move it to components.api.wait-for"),
        ("run", "image: python3.11", "move it to components.api.build.image"),
        ("build", "port: 80", "move it to components.api.run.port"),
        ("build", "type: continuous", "move it to components.api.type"),
    ])
    func misplacedFieldsSayWhereTheyBelong(section: String, line: String, hint: String) {
        let run = section == "run" ? "\n    run:\n      \(line)" : ""
        let build = section == "build" ? "\n      \(line)" : ""
        let text = "components:\n  api:\n    type: continuous\n    build:\n      repository: https://e.org/r\(build)\(run)\n"
        let result = ToolConfigParser.parse(text)
        #expect(result.warnings.contains { $0.message.contains(hint) }, "\(result.warnings) \(result.errors)")
    }

    @Test func shortUnknownKeysGetNoFarFetchedSuggestion() {
        let result = ToolConfigParser.parse("components: {api: {type: one-off, name: x, build: {repository: 'https://e.org/r'}}}")
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.contains("did you mean") == false)
    }
}
