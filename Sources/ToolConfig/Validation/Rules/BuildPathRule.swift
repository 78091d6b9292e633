/// `build.path`: a folder inside the repository, written relative to its root.
public enum BuildPathRule {
    /// The normalised path (no `./`, no trailing `/`; nil for the root itself), or a message.
    public static func normalize(_ path: String) -> Result<String?, BuildPathProblem> {
        let fix = "write a folder relative to the repository root, such as `services/api`"
        if path.hasPrefix("/") { return .failure(BuildPathProblem(message: "build path \"\(path.truncatedForMessage)\" is absolute; \(fix)")) }
        if path.contains("\\") { return .failure(BuildPathProblem(message: "build path uses `\\`; separate folders with `/`")) }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(BuildPathProblem(message: "build path contains a control character; \(fix)"))
        }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == ".." {
                return .failure(BuildPathProblem(message: "build path \"\(path.truncatedForMessage)\" leaves the repository with `..`; \(fix)"))
            }
            if part != "." { parts.append(part) }
        }
        return .success(parts.isEmpty ? nil : parts.joined(separator: "/"))
    }
}

/// Why a build path was refused.
public struct BuildPathProblem: Error, Sendable, Hashable {
    /// A sentence a person can act on.
    public var message: String
}
