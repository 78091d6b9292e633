/// Repository URLs the executor may hand to git: `https` URLs; `http` and `git` ones only
/// where insecure repositories are allowed, hosts that are obviously private (IP literals
/// in loopback, private or link-local ranges, `localhost`) only where private repositories
/// are allowed, and `file://` only where local repositories are allowed. Everything that
/// could make git run a helper program (`ext::`, `fd::`) or read an option (`-...`) is
/// refused, and so are credentials, which would be stored and shown with the config.
///
/// The rule reads text only and never asks DNS: a public-looking name is accepted here and
/// checked again by the executor when it resolves the name.
public enum RepositoryURLRule {
    /// Schemes of remote repositories (the unencrypted ones need `allowInsecure`).
    public static let remoteSchemes: Set<String> = ["https", "http", "git"]
    /// Remote schemes whose traffic is neither encrypted nor authenticated.
    public static let insecureSchemes: Set<String> = ["http", "git"]

    /// Why `url` is not an acceptable repository, or nil when it is.
    ///
    /// - Parameters:
    ///   - allowLocal: accept `file://` (`--allow-local-repositories`).
    ///   - allowPrivate: accept hosts in loopback, private and link-local ranges
    ///     (`--allow-private-repositories`).
    ///   - allowInsecure: accept `http://` and `git://` (`--allow-insecure-repositories`).
    public static func problem(with url: String, allowLocal: Bool, allowPrivate: Bool = false,
                               allowInsecure: Bool = false) -> String? {
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
            guard allowInsecure || !insecureSchemes.contains(scheme) else {
                return "\(scheme):// repositories are unencrypted, so anyone on the way can change the code that is built; use https, or start the service with --allow-insecure-repositories"
            }
            if let problem = hostProblem(String(authority), advice: https) { return problem }
            if !allowPrivate, let host = host(of: url), let kind = HostAddressRule.nonPublicKind(ofHost: host) {
                return "repository host \(host.truncatedForMessage) is a \(kind) address, which could reach services that are not meant to be public; use a public host, or start the service with --allow-private-repositories"
            }
            return nil
        case "ssh", "git+ssh", "ssh+git":
            return "SSH repository URLs are not supported; \(https)"
        default:
            return "repository scheme `\(scheme)` is not supported; use https, http or git\(allowLocal ? " (or file)" : "")"
        }
    }

    /// Why the host and port of `authority` are not usable, or nil; `what` names the URL in
    /// messages ("repository", "source_url") and `advice` tells what to write instead.
    static func hostProblem(_ authority: String, what: String = "repository", advice: String) -> String? {
        var host = Substring(authority)
        let badPort = "\(what) port is not a number from 1 to 65535; fix it or leave the port out"
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return "\(what) host has an unclosed `[`; \(advice)" }
            let afterClose = host[host.index(after: close)...]
            guard afterClose.isEmpty || portIsValid(afterClose) else { return badPort }
            guard HostAddressRule.parseIPv6(String(host[host.index(after: host.startIndex)..<close])) != nil else {
                return "\(what) host \(String(host[...close]).truncatedForMessage) is not a valid IPv6 address; \(advice)"
            }
            return nil
        }
        if let colon = host.lastIndex(of: ":") {
            guard portIsValid(host[colon...]) else { return badPort }
            host = host[..<colon]
        }
        if host.isEmpty { return "\(what) URL has no host; \(advice)" }
        let valid = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        if !valid || host.hasPrefix("-") || host.hasPrefix(".") {
            return "\(what) host \"\(String(host).truncatedForMessage)\" is not a valid host name; \(advice)"
        }
        return nil
    }

    /// The host of an http, https or git URL as git connects to it: lowercased, without
    /// brackets, port or credentials; nil for other URLs.
    public static func host(of url: String) -> String? {
        guard let separator = url.range(of: "://"), remoteSchemes.contains(url[..<separator.lowerBound].lowercased()) else { return nil }
        let rest = url[separator.upperBound...]
        var authority = rest[..<(rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex)]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return authority[authority.index(after: authority.startIndex)..<close].lowercased()
        }
        if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
        return authority.isEmpty ? nil : authority.lowercased()
    }

    /// `:PORT` with a port in 1...65535.
    private static func portIsValid(_ text: Substring) -> Bool {
        guard text.first == ":", let port = Int(text.dropFirst()), text.count > 1 else { return false }
        return (1...65_535).contains(port)
    }
}
