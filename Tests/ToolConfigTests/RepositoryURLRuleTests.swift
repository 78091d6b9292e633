import Testing
import ToolConfig

@Suite struct RepositoryURLRuleTests {
    @Test(arguments: ["https://github.com/wikimedia/toolhunt", "http://git.example.org/x.git",
                      "git://git.example.org/x.git", "https://example.org:8443/a/b.git",
                      "https://[2001:db8::1]/repo.git", "HTTPS://Example.org/Repo"])
    func acceptsRemoteURLs(url: String) {
        #expect(RepositoryURLRule.problem(with: url, allowLocal: false) == nil)
    }

    @Test func fileURLsNeedTheOption() {
        #expect(RepositoryURLRule.problem(with: "file:///srv/repo", allowLocal: false) != nil)
        #expect(RepositoryURLRule.problem(with: "file:///srv/repo", allowLocal: true) == nil)
        #expect(RepositoryURLRule.problem(with: "file://localhost/srv/repo", allowLocal: true) == nil)
        #expect(RepositoryURLRule.problem(with: "file://host/srv/repo", allowLocal: true) != nil)
        #expect(RepositoryURLRule.problem(with: "/srv/repo", allowLocal: true)?.contains("file:///") == true)
    }

    @Test(arguments: [
        ("ext::sh -c touch% /tmp/pwned", "remote-helper"), ("fd::17", "remote-helper"),
        ("https://user:pass@example.org/r.git", "credentials"), ("https://token@example.org/r.git", "credentials"),
        ("git@github.com:me/r.git", "SSH"), ("ssh://git@github.com/me/r.git", "SSH"),
        ("--upload-pack=touch /tmp/x", "option"), ("ftp://example.org/r", "not supported"),
        ("example.org/r", "not a URL"), ("https:///r.git", "no host"), ("https://exa mple.org/r", "space"),
        ("https://example.org/r#main", "ref"), ("https://example.org:0/r", "port"),
        ("https://-bad.org/r", "host"), ("", "empty"),
    ])
    func refusesWithAReason(url: String, reason: String) {
        let problem = RepositoryURLRule.problem(with: url, allowLocal: true)
        #expect(problem?.contains(reason) == true, "\(url): \(problem ?? "accepted")")
    }
}
