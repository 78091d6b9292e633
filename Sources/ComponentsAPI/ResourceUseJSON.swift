/// What a running component's processes use now, under `runs.{component}.resources`.
public struct ResourceUseJSON: Codable, Sendable, Hashable {
    /// Memory in use now, page cache included.
    public var memoryBytes: UInt64
    /// CPU time its current version used so far.
    public var cpuSeconds: Double
    /// Processes of its current version the OOM killer ended.
    public var oomKills: UInt64

    /// Creates a reading.
    public init(memoryBytes: UInt64, cpuSeconds: Double, oomKills: UInt64) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
        self.oomKills = oomKills
    }

    enum CodingKeys: String, CodingKey {
        case memoryBytes = "memory_bytes"
        case cpuSeconds = "cpu_seconds"
        case oomKills = "oom_kills"
    }
}
