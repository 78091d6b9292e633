import ExecutorService
import ToolConfig

/// Checks every value that reaches a git command line before git runs, so that no URL, ref
/// or path can become an option (`--upload-pack=...`) or a program-running transport
/// (`ext::`, `fd::`). The rules are ToolConfig's, which validated the config already; they
/// are applied again here because the executor must not trust what reaches it.
enum GitInputValidator {
    /// Refuses URLs other than https (http and git when `allowInsecure`, file when
    /// `allowLocal`), hosts that are obviously private unless `allowPrivate`, and any with
    /// credentials, a leading `-` or a `::` transport.
    static func checkRepository(_ url: String, allowLocal: Bool, allowPrivate: Bool = false,
                                allowInsecure: Bool = false) throws(LocalBackendError) {
        if let problem = RepositoryURLRule.problem(with: url, allowLocal: allowLocal, allowPrivate: allowPrivate, allowInsecure: allowInsecure) {
            throw LocalBackendError(code: .invalidRepository, message: problem)
        }
    }

    /// Refuses refs that break `git check-ref-format` or start with `-`.
    static func checkRef(_ ref: String) throws(LocalBackendError) {
        if let problem = GitRefRule.problem(with: ref) {
            throw LocalBackendError(code: .invalidRef, message: problem)
        }
    }

    /// True for a full object name: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.
    static func isFullCommit(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy(isLowerHex)
    }

    /// True for 7 to 63 hex digits: something that may be an abbreviated commit.
    static func looksLikeAbbreviatedCommit(_ text: String) -> Bool {
        (7..<64).contains(text.utf8.count) && text.lowercased().utf8.allSatisfy(isLowerHex)
    }

    /// Refuses anything but a full commit id.
    static func checkCommit(_ commit: String) throws(LocalBackendError) {
        guard isFullCommit(commit) else {
            throw LocalBackendError(code: .invalidRef, message: "commit \"\(commit.prefix(80))\" is not a full commit id (40 or 64 lowercase hex digits); resolve the ref first")
        }
    }

    /// Normalises a subfolder of the repository (`build.path`) by ToolConfig's rule, and
    /// refuses parts starting with `-`. Answers nil for the whole repository.
    static func normalizedPath(_ path: String?) throws(LocalBackendError) -> String? {
        guard let path else { return nil }
        switch BuildPathRule.normalize(path) {
        case .failure(let problem):
            throw LocalBackendError(code: .invalidRef, message: problem.message)
        case .success(let normalized):
            if let normalized, normalized.split(separator: "/").contains(where: { $0.hasPrefix("-") }) {
                throw LocalBackendError(code: .invalidRef, message: "build path \"\(path.prefix(80))\" has a folder starting with `-`; rename it or build from its parent")
            }
            return normalized
        }
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
    }
}
