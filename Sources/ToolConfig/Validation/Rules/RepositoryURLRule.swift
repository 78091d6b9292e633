/// Repository URLs the executor may hand to git: `https`, `http` and `git` URLs, and
/// `file://` only where local repositories are allowed. Everything that could make git run a
/// helper program (`ext::`, `fd::`) or read an option (`-...`) is refused, and so are
/// credentials, which would be stored and shown with the config.
public enum RepositoryURLRule {
    /// Schemes accepted everywhere.
    public static let remoteSchemes: Set<String> = ["https", "http", "git"]

    /// Why `url` is not an acceptable repository, or nil when it is.
    public static func problem(with url: String, allowLocal: Bool) -> String? {
        let https = "write an https URL such as `https://github.com/OWNER/REPO`"
        if url.isEmpty { return "repository is empty; \(https)" }
        if url.hasPrefix("-") { return "repository URL starts with `-`, which git would read as an option; \(https)" }
        if let range = url.range(of: "::"), !url[..<range.lowerBound].contains("/") {
            let transport = url[..<range.lowerBound]
            return "repository uses git's `\(transport)::` remote-helper syntax, which can run programs and is refused; \(https)"
        }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "repository URL contains a space or control character; remove it (percent-encode it if it is part of the path)"
        }
        guard let separator = url.range(of: "://") else {
            if url.hasPrefix("/") || url.hasPrefix(".") || url.hasPrefix("~") {
                return "repository is a local path; \(allowLocal ? "write it as file:///absolute/path" : https)"
            }
            if url.contains("@") && url.contains(":") {
                return "repository looks like an SSH address (`user@host:path`); SSH is not supported, \(https)"
            }
            return "repository \"\(url.truncatedForMessage)\" is not a URL; \(https)"
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let remainder = rest[authorityEnd...]
        if remainder.contains("#") {
            return "repository URL has a `#` fragment; remove it and name the branch or tag with `ref`"
        }
        switch scheme {
        case "file":
            guard allowLocal else {
                return "file:// repositories are only allowed when the service runs with --allow-local-repositories; \(https)"
            }
            guard authority.isEmpty || authority == "localhost", remainder.hasPrefix("/") else {
                return "file:// repository needs an absolute path, written file:///path/to/repo"
            }
            return nil
        case _ where remoteSchemes.contains(scheme):
            if authority.contains("@") {
                return "repository URL contains credentials (`user@` or `user:password@`); remove them, the repository must be readable without them"
            }
            return hostProblem(String(authority), https: https)
        case "ssh", "git+ssh", "ssh+git":
            return "SSH repository URLs are not supported; \(https)"
        default:
            return "repository scheme `\(scheme)` is not supported; use https, http or git\(allowLocal ? " (or file)" : "")"
        }
    }

    private static func hostProblem(_ authority: String, https: String) -> String? {
        var host = Substring(authority)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return "repository host has an unclosed `[`; \(https)" }
            let afterClose = host[host.index(after: close)...]
            guard afterClose.isEmpty || portIsValid(afterClose) else { return "repository port is not a number from 1 to 65535; fix it or leave the port out" }
            return nil
        }
        if let colon = host.lastIndex(of: ":") {
            guard portIsValid(host[colon...]) else { return "repository port is not a number from 1 to 65535; fix it or leave the port out" }
            host = host[..<colon]
        }
        if host.isEmpty { return "repository URL has no host; \(https)" }
        let valid = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        if !valid || host.hasPrefix("-") || host.hasPrefix(".") {
            return "repository host \"\(String(host).truncatedForMessage)\" is not a valid host name; \(https)"
        }
        return nil
    }

    /// `:PORT` with a port in 1...65535.
    private static func portIsValid(_ text: Substring) -> Bool {
        guard text.first == ":", let port = Int(text.dropFirst()), text.count > 1 else { return false }
        return (1...65_535).contains(port)
    }
}
