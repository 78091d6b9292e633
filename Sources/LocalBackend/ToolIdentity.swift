import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The host user and group a tool's processes run as when the executor runs as root: one
/// pair per tool, from the operator's range, so tools cannot read each other's files even
/// outside their sandboxes, and nothing of theirs runs as root.
public struct ToolIdentity: Sendable, Hashable, Codable {
    /// The user id; the group id is the same number.
    public var uid: UInt32
    /// The group id.
    public var gid: UInt32 { uid }

    /// The identity of `uid`.
    public init(uid: UInt32) {
        self.uid = uid
    }

    /// Makes `url` and everything under it (symlinks themselves, not their targets) owned by
    /// this identity: a tool's home, or an image its build command writes.
    public func own(_ url: URL) throws(LocalBackendError) {
        var paths = [url.path]
        if let enumerator = FileManager.default.enumerator(atPath: url.path) {
            for case let relative as String in enumerator {
                paths.append(url.appendingPathComponent(relative).path)
            }
        }
        for path in paths where lchown(path, uid, gid) != 0 {
            throw LocalBackendError(code: .fileSystem, message: "cannot give \(path) to uid \(uid): \(String(cString: strerror(errno)))")
        }
    }
}
