import Testing
@testable import ToolConfig

@Suite struct FieldSuggesterTests {
    @Test func editDistanceCountsTranspositionsOnce() {
        #expect(FieldSuggester.editDistance("prot", "port") == 1)
        #expect(FieldSuggester.editDistance("kitten", "sitting") == 3)
        #expect(FieldSuggester.editDistance("", "abc") == 3)
        #expect(FieldSuggester.editDistance("same", "same") == 0)
    }

    @Test(arguments: [
        ("prot", "port"), ("comand", "command"), ("replica", "replicas"), ("Port", "port"),
        ("health_chek", "health-check"), ("cmd", "command"), ("mem", "memory"), ("shedule", "schedule"),
        ("envs", "env"),
    ])
    func suggestsRunFields(key: String, expected: String) {
        #expect(FieldSuggester.suggestion(for: key, among: FieldSchema.run.fields) == expected)
    }

    @Test func suggestsWaitForForDependsOn() {
        #expect(FieldSuggester.suggestion(for: "depends-on", among: FieldSchema.component.fields) == "wait-for")
        #expect(FieldSuggester.suggestion(for: "depends_on", among: FieldSchema.component.fields) == "wait-for")
    }

    @Test func staysQuietWhenNothingIsClose() {
        #expect(FieldSuggester.suggestion(for: "zzzzzz", among: FieldSchema.run.fields) == nil)
        #expect(FieldSuggester.suggestion(for: "x", among: FieldSchema.build.fields) == nil)
    }
}
