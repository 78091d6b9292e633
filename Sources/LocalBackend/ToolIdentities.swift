import ExecutorService
import Foundation

/// Allocates each tool its ``ToolIdentity`` from the operator's range (`--tool-uid-range`)
/// and records the allocation in `STATE/tool-uids.json`, so a tool keeps its uid across
/// restarts (its home's files stay its own). The lowest free uid of the range is taken.
public actor ToolIdentities {
    /// The uids handed out.
    public let range: ClosedRange<UInt32>
    /// `STATE/tool-uids.json`.
    public let file: URL
    private var allocated: [String: UInt32]?

    /// An allocator over `range`, recording in `file`.
    public init(range: ClosedRange<UInt32>, file: URL) {
        self.range = range
        self.file = file
    }

    /// The identity of `tool`, allocated (and recorded) on first use.
    ///
    /// - Throws: `.fileSystem` when the record cannot be read or written, or the range is used up.
    public func identity(of tool: String) throws(LocalBackendError) -> ToolIdentity {
        var table = try load()
        if let uid = table[tool] { return ToolIdentity(uid: uid) }
        let used = Set(table.values)
        guard let uid = range.first(where: { !used.contains($0) }) else {
            throw LocalBackendError(code: .fileSystem, message: "every uid of the tool range \(range.lowerBound)-\(range.upperBound) is taken; widen --tool-uid-range")
        }
        table[tool] = uid
        do {
            let data = try JSONEncoder.sorted.encode(table)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try data.write(to: file, options: [.atomic])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot record the uid of tool \(tool) in \(file.path): \(error.localizedDescription)")
        }
        allocated = table
        return ToolIdentity(uid: uid)
    }

    private func load() throws(LocalBackendError) -> [String: UInt32] {
        if let allocated { return allocated }
        guard FileManager.default.fileExists(atPath: file.path) else { return [:] }
        do {
            let table = try JSONDecoder().decode([String: UInt32].self, from: Data(contentsOf: file))
            allocated = table
            return table
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot read the tool uids in \(file.path): \(error.localizedDescription)")
        }
    }
}

private extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }
}
