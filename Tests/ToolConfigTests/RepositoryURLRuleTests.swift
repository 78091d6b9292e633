import Testing
import ToolConfig

@Suite struct RepositoryURLRuleTests {
    @Test(arguments: ["https://github.com/wikimedia/toolhunt", "https://example.org:8443/a/b.git",
                      "https://[2001:db8::1]/repo.git", "HTTPS://Example.org/Repo", "https://8.8.8.8/r.git",
                      "https://gitlab.wikimedia.org/a/b", "https://localhost.example.org/r", "https://[2a00:1450::1]/r"])
    func acceptsPublicHTTPSURLs(url: String) {
        #expect(RepositoryURLRule.problem(with: url, allowLocal: false) == nil)
    }

    @Test(arguments: ["http://git.example.org/x.git", "git://git.example.org/x.git", "HTTP://Example.org/x"])
    func unencryptedURLsNeedTheInsecureOption(url: String) {
        let problem = RepositoryURLRule.problem(with: url, allowLocal: false)
        #expect(problem?.contains("--allow-insecure-repositories") == true, "\(url): \(problem ?? "accepted")")
        #expect(RepositoryURLRule.problem(with: url, allowLocal: false, allowInsecure: true) == nil)
    }

    @Test(arguments: [
        ("https://127.0.0.1/r.git", "loopback"), ("https://127.1.2.3:8443/r", "loopback"),
        ("https://localhost/r", "loopback"), ("https://LOCALHOST./r", "loopback"), ("https://git.localhost/r", "loopback"),
        ("https://10.1.2.3/r", "private"), ("https://172.16.0.1/r", "private"), ("https://172.31.255.255/r", "private"),
        ("https://192.168.1.1/r", "private"), ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://[::1]/r", "loopback"), ("https://[::1]:8080/r", "loopback"), ("https://[fe80::1]/r", "link-local"),
        ("https://[fd00::1]/r", "unique-local"), ("https://[::ffff:127.0.0.1]/r", "loopback"),
        ("https://[::ffff:a9fe:a9fe]/r", "link-local"), ("https://[::]/r", "unspecified"),
        ("https://0.0.0.0/r", "unspecified"), ("https://0/r", "unspecified"), ("https://100.64.0.1/r", "carrier-grade"),
        ("https://2130706433/r", "loopback"), ("https://0x7f.1/r", "loopback"), ("https://0x7f000001/r", "loopback"),
        ("https://0177.0.0.1/r", "loopback"), ("https://127.1/r", "loopback"), ("https://10.1/r", "private"),
        ("https://2852039166/r", "link-local"), ("https://[ff02::1]/r", "multicast"), ("https://224.0.0.1/r", "multicast"),
    ])
    func privateHostsNeedThePrivateOption(url: String, kind: String) {
        let problem = RepositoryURLRule.problem(with: url, allowLocal: true, allowInsecure: true)
        #expect(problem?.contains(kind) == true, "\(url): \(problem ?? "accepted")")
        #expect(problem?.contains("--allow-private-repositories") == true, "\(url): \(problem ?? "accepted")")
        #expect(RepositoryURLRule.problem(with: url, allowLocal: false, allowPrivate: true) == nil, "\(url)")
    }

    @Test func privateAndInsecureAreSeparateOptions() {
        let url = "http://10.0.0.5:3000/team/tool.git"
        #expect(RepositoryURLRule.problem(with: url, allowLocal: false, allowPrivate: true)?.contains("insecure") == true)
        #expect(RepositoryURLRule.problem(with: url, allowLocal: false, allowInsecure: true)?.contains("private") == true)
        #expect(RepositoryURLRule.problem(with: url, allowLocal: false, allowPrivate: true, allowInsecure: true) == nil)
        #expect(RepositoryURLRule.problem(with: "https://[not-an-address]/r", allowLocal: false, allowPrivate: true)?.contains("IPv6") == true)
    }

    @Test func hostsAreReadTheWayGitConnects() {
        #expect(RepositoryURLRule.host(of: "https://Example.org:8443/a") == "example.org")
        #expect(RepositoryURLRule.host(of: "git://[FE80::1]:9418/a") == "fe80::1")
        #expect(RepositoryURLRule.host(of: "http://user@10.0.0.1/a") == "10.0.0.1")
        #expect(RepositoryURLRule.host(of: "file:///srv/repo") == nil)
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
        let problem = RepositoryURLRule.problem(with: url, allowLocal: true, allowPrivate: true, allowInsecure: true)
        #expect(problem?.contains(reason) == true, "\(url): \(problem ?? "accepted")")
    }
}
