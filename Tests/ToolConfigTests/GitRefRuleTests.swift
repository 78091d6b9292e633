import Testing
import ToolConfig

@Suite struct GitRefRuleTests {
    @Test(arguments: ["main", "v1.2.0", "feature/new-ui", "refs/heads/main", "release-2025.01",
                      "0123456789abcdef0123456789abcdef01234567", "a@b", "with_underscore"])
    func acceptsValidRefs(ref: String) {
        #expect(GitRefRule.problem(with: ref) == nil)
    }

    @Test(arguments: ["", "-b", "--upload-pack=x", "@", "a..b", "a b", "a~1", "a^", "a:b", "a?", "a*",
                      "a[", "a\\b", "/a", "a/", "a//b", "a.", ".hidden", "x/.y", "a.lock", "x/y.lock/z",
                      "a@{1}", "tab\there", "del\u{7F}"])
    func refusesInvalidRefs(ref: String) {
        #expect(GitRefRule.problem(with: ref) != nil)
    }
}
