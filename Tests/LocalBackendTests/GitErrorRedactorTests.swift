import Testing

@testable import LocalBackend

@Suite struct GitErrorRedactorTests {
    @Test(arguments: [
        "fatal: unable to access 'http://10.0.0.5:6379/x/': Failed to connect to 10.0.0.5 port 6379 after 0 ms: Connection refused",
        "fatal: unable to access 'https://internal.example:8443/r/': Failed to connect to internal.example port 8443 after 1 ms: Couldn't connect to server",
        "fatal: unable to access 'http://[fd00::5]:9200/r/': Connection timed out after 10001 milliseconds",
        "fatal: 10.0.0.5[0: 10.0.0.5]: errno=Connection refused",
        "fatal: unable to connect to 10.0.0.5:",
    ])
    func connectionFailuresBecomeOneGenericLine(line: String) {
        let redacted = GitErrorRedactor.redact(line)
        #expect(redacted.hasSuffix(GitErrorRedactor.connectionFailure))
        for secret in ["6379", "8443", "9200", "10.0.0.5", "fd00", "refused", "timed out"] {
            #expect(!redacted.contains(secret), "\(secret) in \(redacted)")
        }
    }

    @Test func addressesAndPortsAreReplacedInOtherLines() {
        let redacted = GitErrorRedactor.redact(
            "fatal: unable to access 'http://192.168.1.9:8080/r/': The requested URL returned error: 404 (via [fd00::1]:3128, port 3128)")
        #expect(redacted == "fatal: unable to access 'http://<address>:<port>/r/': The requested URL returned error: 404 (via [<address>]:<port>, port <port>)")
        #expect(GitErrorRedactor.redact("fatal: repository 'https://example.org/r/' not found") == "fatal: repository 'https://example.org/r/' not found")
    }

    @Test func repeatedGenericLinesCollapse() {
        let lines = GitErrorRedactor.redact(["fatal: unable to connect to 10.0.0.5:", "fatal: 10.0.0.5[0: 10.0.0.5]: errno=Connection refused"])
        #expect(lines == ["fatal: " + GitErrorRedactor.connectionFailure])
    }
}
