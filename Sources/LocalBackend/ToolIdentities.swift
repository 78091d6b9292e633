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
        try ToolTableFile<UInt32>(url: file, contents: "tool uids").save(table, change: "the uid of tool \(tool)")
        allocated = table
        return ToolIdentity(uid: uid)
    }

    private func load() throws(LocalBackendError) -> [String: UInt32] {
        if let allocated { return allocated }
        let table = try ToolTableFile<UInt32>(url: file, contents: "tool uids").load()
        allocated = table
        return table
    }
}
