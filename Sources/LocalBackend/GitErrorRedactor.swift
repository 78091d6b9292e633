/// Makes git's error output safe to show in a deployment's status.
///
/// A repository URL is chosen by whoever writes the config, so git's error text is an
/// oracle into the executor's network: "Failed to connect to 10.0.0.5 port 6379: Connection
/// refused" and "... timed out" tell a port scanner which services exist. Connection
/// failures therefore become one generic line, and addresses and ports elsewhere are
/// replaced; the repository as the user wrote it is named by the error message around these
/// lines.
enum GitErrorRedactor {
    /// The line that replaces every connection failure, whatever its cause.
    static let connectionFailure = "could not connect to the repository's host (the reason is not shown, so that failures do not reveal which addresses and ports answer)"

    /// `lines` with connection failures generalised and addresses and ports replaced.
    static func redact(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines.map({ redact($0) }) {
            if line.hasSuffix(connectionFailure), result.last?.hasSuffix(connectionFailure) == true { continue }
            result.append(line)
        }
        return result
    }

    /// One line with connection failures generalised and addresses and ports replaced.
    static func redact(_ line: String) -> String {
        let lower = line.lowercased()
        if connectionPhrases.contains(where: lower.contains) {
            let prefix = lower.hasPrefix("fatal:") ? "fatal: " : lower.hasPrefix("error:") ? "error: " : ""
            return prefix + connectionFailure
        }
        var text = line
        text = text.replacing(#/(?i)\bport\s+\d+/#) { _ in "port <port>" }
        text = text.replacing(#/\[[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*\]/#) { _ in "[<address>]" }
        text = text.replacing(#/\b\d{1,3}(\.\d{1,3}){3}\b/#) { _ in "<address>" }
        text = text.replacing(#/([A-Za-z0-9.\]>-]):\d{1,5}([/'"\s,;)]|$)/#) { match in "\(match.1):<port>\(match.2)" }
        return text
    }

    /// Words of curl's and git's messages about failed, refused, reset or timed-out
    /// connections (lowercased).
    private static let connectionPhrases = [
        "failed to connect", "couldn't connect", "could not connect", "unable to connect", "connection refused",
        "connection timed out", "timed out", "no route to host", "network is unreachable", "connection reset",
        "empty reply from server", "recv failure", "send failure", "ssl", "tls", "handshake",
        "the remote end hung up", "unable to look up",
    ]
}
