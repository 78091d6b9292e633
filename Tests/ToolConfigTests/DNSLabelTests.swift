import ComponentsModel
import Testing

/// The one DNS-label rule that tool and component names share.
@Suite struct DNSLabelTests {
    @Test(arguments: ["a", "api", "toolhunt-api", "a1-b2", "0", String(repeating: "a", count: 63)])
    func validLabels(_ name: String) {
        #expect(DNSLabel.isValid(name))
        #expect(DNSLabel(name)?.value == name)
        #expect(DNSLabel.problem(with: name, naming: "tool") == nil)
    }

    @Test(arguments: ["", "-api", "api-", "Api", "my_tool", "a.b", "a b", "café", String(repeating: "a", count: 64)])
    func invalidLabels(_ name: String) {
        #expect(!DNSLabel.isValid(name))
        #expect(DNSLabel(name) == nil)
        #expect(DNSLabel.problem(with: name, naming: "tool")?.contains("is not a valid tool name: use 1 to 63") == true)
    }

    @Test func lengthCountsUTF8Bytes() {
        // 62 characters but 64 bytes: too long for DNS, whatever the characters.
        let name = String(repeating: "a", count: 60) + "éé"
        #expect(name.count == 62 && name.utf8.count == 64)
        #expect(!DNSLabel.isValid(name))
    }

    @Test func longNamesAreShortenedInMessages() {
        let problem = DNSLabel.problem(with: String(repeating: "X", count: 500), naming: "component")
        #expect(problem?.hasPrefix("\"" + String(repeating: "X", count: 80) + "…\" is not a valid component name") == true)
    }
}
