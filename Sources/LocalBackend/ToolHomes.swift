import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The tools' persistent homes, `STATE/homes/<tool>` (Toolforge's `/data/project/<tool>`):
/// one per tool, shared by all its components, readable by the executor's user only.
public struct ToolHomes: Sendable, Hashable {
    /// `STATE/homes`.
    public var directory: URL

    /// Homes under `directory`, created when first needed.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The home of `tool`, created (mode 0700) when missing, and given to `owner` (with what
    /// it holds) when it is not theirs yet.
    ///
    /// - Throws: `.fileSystem` when `tool` is not a plain name or the folder cannot be made.
    public func home(of tool: String, owner: ToolIdentity? = nil) throws(LocalBackendError) -> URL {
        guard !tool.isEmpty, tool != ".", tool != "..", !tool.contains("/"), !tool.contains("\0") else {
            throw LocalBackendError(code: .fileSystem, message: "tool name \"\(tool)\" cannot name a home folder")
        }
        let home = directory.appendingPathComponent(tool, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: home.path) {
                try FileManager.default.createDirectory(at: home, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot create the home of tool \(tool) at \(home.path): \(error.localizedDescription)")
        }
        if let owner {
            var status = stat()
            guard stat(home.path, &status) == 0 else {
                throw LocalBackendError(code: .fileSystem, message: "cannot read the owner of \(home.path): \(String(cString: strerror(errno)))")
            }
            if status.st_uid != owner.uid { try owner.own(home) }
        }
        return home
    }
}
