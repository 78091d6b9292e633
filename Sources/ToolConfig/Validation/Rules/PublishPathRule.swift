/// What `publish` may name: a path prefix of the tool's address that the router sends to one
/// component, such as `/` or `/api/v1`.
public enum PublishPathRule {
    /// Longest path accepted.
    public static let maxLength = 200

    /// The normalised prefix (no trailing `/`, except `/` itself), or why it is refused. Only
    /// letters, digits and `-._~` between single slashes: the router matches the prefix as
    /// written, so nothing that could be spelled two ways (escapes, `..`, `//`) is allowed.
    public static func normalize(_ path: String) -> Result<String, PublishPathProblem> {
        guard path.hasPrefix("/") else { return .failure(PublishPathProblem("a published path starts with `/`, such as \"/\" or \"/api\"")) }
        guard path.utf8.count <= maxLength else { return .failure(PublishPathProblem("a published path is at most \(maxLength) characters")) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        guard path.allSatisfy(allowed.contains) else {
            return .failure(PublishPathProblem("use only letters, digits and `-._~` between slashes, such as \"/api/v1\""))
        }
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if trimmed != "/", segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return .failure(PublishPathProblem("a published path has no empty, `.` or `..` segments"))
        }
        return .success(String(trimmed))
    }
}

/// Why a published path was refused.
public struct PublishPathProblem: Error, Sendable, Hashable {
    /// A sentence a person can act on.
    public var message: String

    init(_ message: String) { self.message = message }
}
