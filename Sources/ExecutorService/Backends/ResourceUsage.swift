/// What a run uses, read from its cgroup.
public struct ResourceUsage: Sendable, Hashable, Codable {
    /// Memory in use now, page cache included, in bytes.
    public var memoryBytes: UInt64?
    /// CPU time used so far, in seconds.
    public var cpuSeconds: Double?
    /// Processes the OOM killer killed.
    public var oomKills: UInt64

    /// Creates a reading.
    public init(memoryBytes: UInt64? = nil, cpuSeconds: Double? = nil, oomKills: UInt64 = 0) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
        self.oomKills = oomKills
    }

    /// The sum of two readings, of processes that run side by side or one after another.
    public func adding(_ other: ResourceUsage) -> ResourceUsage {
        func sum<T: AdditiveArithmetic>(_ a: T?, _ b: T?) -> T? { a.map { $0 + (b ?? .zero) } ?? b }
        return ResourceUsage(memoryBytes: sum(memoryBytes, other.memoryBytes), cpuSeconds: sum(cpuSeconds, other.cpuSeconds),
                             oomKills: oomKills + other.oomKills)
    }
}
