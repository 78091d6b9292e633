import Foundation
import Testing
import ToolConfig

@Suite struct ConfigViolationTests {
    @Test func encodesToTheWireShape() throws {
        let violation = ConfigViolation(path: "components.api.run.port", line: 12, column: 7, message: "fix it")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(violation), as: UTF8.self)
        #expect(json == #"{"column":7,"line":12,"message":"fix it","path":"components.api.run.port"}"#)
        #expect(try JSONDecoder().decode(ConfigViolation.self, from: Data(json.utf8)) == violation)
    }

    @Test func describesItselfLikeACompiler() {
        #expect(ConfigViolation(path: "a.b", line: 3, column: 4, message: "m").description == "3:4: a.b: m")
        #expect(ConfigViolation(path: "", line: 1, column: 1, message: "m").description == "1:1: m")
    }
}
