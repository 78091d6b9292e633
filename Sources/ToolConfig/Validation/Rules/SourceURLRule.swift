/// Where upstream's `source_url` may point: the same policy as repositories, since the config
/// service fetches it the way git fetches a repository. `https` only, unless the operator
/// allows unencrypted `http` (`--allow-insecure-repositories`); no credentials (they would be
/// stored and shown with the config); hosts that are obviously private (IP literals in
/// loopback, private or link-local ranges, `localhost`) only with
/// `--allow-private-repositories`. Names are resolved and checked again when fetched.
public enum SourceURLRule {
    /// Why `url` cannot be fetched under this policy, or nil when it can.
    public static func problem(with url: String, allowPrivate: Bool, allowInsecure: Bool) -> String? {
        let advice = "write an https URL such as https://example.org/tool/toolforge.yaml"
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "source_url contains a space or control character; remove it (percent-encode it if it is part of the path)"
        }
        guard let separator = url.range(of: "://") else {
            return "source_url \"\(url.truncatedForMessage)\" is not a URL; \(advice)"
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            return "source_url scheme `\(scheme.truncatedForMessage)` is not supported; \(advice)"
        }
        guard scheme == "https" || allowInsecure else {
            return "source_url is unencrypted http://, so anyone on the way could change the config that is deployed; use https, or start the service with --allow-insecure-repositories"
        }
        let rest = url[separator.upperBound...]
        let authority = rest[..<(rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex)]
        if authority.contains("@") {
            return "source_url contains credentials (`user@` or `user:password@`); remove them, the document must be readable without them"
        }
        if let problem = RepositoryURLRule.hostProblem(String(authority), what: "source_url", advice: advice) { return problem }
        if !allowPrivate, let host = RepositoryURLRule.host(of: url), let kind = HostAddressRule.nonPublicKind(ofHost: host) {
            return "source_url host \(host.truncatedForMessage) is a \(kind) address, which could reach services that are not meant to be public; use a public host, or start the service with --allow-private-repositories"
        }
        return nil
    }

    /// Where a document writes `source_url` (or `source-url`), as line and column, for
    /// messages about the fetch; (1, 1) when the text is not found.
    public static func position(in text: String) -> (line: Int, column: Int) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: "source_url") ?? line.range(of: "source-url") {
                return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return (1, 1)
    }
}
