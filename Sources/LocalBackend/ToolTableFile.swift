import ExecutorService
import Foundation

/// A small table by tool name that the executor keeps across restarts in a JSON file of its
/// state (each tool's uid, each tool's subnet): written whole and atomically (0600, in a 0700
/// folder), read back once.
struct ToolTableFile<Value: Codable & Sendable>: Sendable {
    /// The file, such as `STATE/tool-uids.json`.
    let url: URL
    /// What the table holds, for messages ("tool uids").
    let contents: String

    /// The table; empty when the file does not exist yet.
    func load() throws(LocalBackendError) -> [String: Value] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        do {
            return try JSONDecoder().decode([String: Value].self, from: Data(contentsOf: url))
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot read the \(contents) in \(url.path): \(error.localizedDescription)")
        }
    }

    /// Replaces the file with `table`; `change` says what changed, for the message
    /// ("the uid of tool x").
    func save(_ table: [String: Value], change: String) throws(LocalBackendError) {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try encoder.encode(table).write(to: url, options: [.atomic])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot record \(change) in \(url.path): \(error.localizedDescription)")
        }
    }
}
