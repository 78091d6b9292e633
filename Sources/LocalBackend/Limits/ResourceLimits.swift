import ExecutorService
import ToolConfig

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one process of a run (a replica, a one-off, one scheduled firing) may use. Memory,
/// CPU and processes are enforced by the run's cgroup; open files and core dumps by rlimits.
public struct ResourceLimits: Sendable, Hashable {
    /// Hard memory limit, swap included; going over it gets the run OOM-killed.
    public var memory: MemoryQuantity?
    /// CPU quota, in CPUs' worth of time per period.
    public var cpu: CPUQuantity?
    /// Most processes and threads at once (`pids.max`), which stops fork bombs.
    public var pids: Int?
    /// `RLIMIT_NOFILE`, soft and hard.
    public var openFiles: Int
    /// `RLIMIT_CORE` in bytes; 0 writes no core dumps.
    public var coreFileBytes: Int

    /// Creates limits; nil leaves that resource unlimited.
    public init(memory: MemoryQuantity? = nil, cpu: CPUQuantity? = nil, pids: Int? = nil, openFiles: Int = 4096, coreFileBytes: Int = 0) {
        self.memory = memory
        self.cpu = cpu
        self.pids = pids
        self.openFiles = openFiles
        self.coreFileBytes = coreFileBytes
    }

    /// The CFS period the quota is expressed in, 100 ms as the kernel's default.
    static let cpuPeriodMicroseconds: UInt64 = 100_000

    /// The quota per ``cpuPeriodMicroseconds``; the kernel refuses less than 1 ms.
    var cpuQuotaMicroseconds: UInt64? {
        cpu.map { max(1_000, $0.millicores.multipliedReportingOverflow(by: Self.cpuPeriodMicroseconds / 1_000).partialValue) }
    }

    /// ``openFiles`` lowered to what this process may grant, since raising a hard limit
    /// needs privileges.
    var grantableOpenFiles: Int {
        var current = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &current) == 0 else { return openFiles }
        return min(openFiles, Int(clamping: current.rlim_max))
    }
}

/// glibc's `RLIMIT_NOFILE` is an enum case in Swift; its raw value is what `getrlimit` takes.
#if canImport(Glibc)
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
#endif

/// The operator's limits for runs whose config is silent (`--default-memory`,
/// `--default-cpu`) and the per-run process limit (`--max-pids`).
public struct ResourcePolicy: Sendable, Hashable {
    /// Memory of a run that does not set `memory`; nil for none.
    public var defaultMemory: MemoryQuantity?
    /// CPU of a run that does not set `cpu`; nil for none.
    public var defaultCPU: CPUQuantity?
    /// Processes and threads of one run; nil for no limit.
    public var pids: Int?
    /// Open files of one process.
    public var openFiles: Int

    /// Creates a policy; the defaults are the executor's (512Mi, 1 CPU, 256 processes, 4096 files).
    public init(defaultMemory: MemoryQuantity? = standardMemory, defaultCPU: CPUQuantity? = standardCPU,
                pids: Int? = standardPids, openFiles: Int = 4096) {
        self.defaultMemory = defaultMemory
        self.defaultCPU = defaultCPU
        self.pids = pids
        self.openFiles = openFiles
    }

    /// The executor's default memory limit, 512Mi.
    public static let standardMemory = MemoryQuantity(bytes: 512 << 20)
    /// The executor's default CPU quota, one CPU.
    public static let standardCPU = CPUQuantity(millicores: 1_000)
    /// The executor's default process limit per run.
    public static let standardPids = 256

    /// No limits at all (rlimits aside); for tests of other things.
    public static let unlimited = ResourcePolicy(defaultMemory: nil, defaultCPU: nil, pids: nil)

    /// The limits of `run`: its own `memory` and `cpu`, else the defaults. Values the config
    /// service accepted always parse; one that does not falls back to the default.
    public func limits(for run: RunSpec) -> ResourceLimits {
        ResourceLimits(memory: run.memory.flatMap(MemoryQuantity.init) ?? defaultMemory,
                       cpu: run.cpu.flatMap(CPUQuantity.init) ?? defaultCPU,
                       pids: pids, openFiles: openFiles)
    }
}
