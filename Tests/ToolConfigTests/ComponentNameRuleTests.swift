import Testing
import ToolConfig

@Suite struct ComponentNameRuleTests {
    @Test(arguments: ["api", "toolhunt-api", "a", "x1", "1x", String(repeating: "a", count: 63)])
    func acceptsDNSLabels(name: String) {
        #expect(ComponentNameRule.problem(with: name) == nil)
    }

    @Test(arguments: ["", "API", "my_api", "-api", "api-", "a.b", "ä", "a b", String(repeating: "a", count: 64)])
    func refusesOthers(name: String) {
        #expect(ComponentNameRule.problem(with: name) != nil)
    }

    @Test func suggestsAValidName() {
        #expect(ComponentNameRule.problem(with: "My_API")?.contains("\"my-api\"") == true)
    }
}
