import ExecutorService
import Foundation
import ToolConfig

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cgroup of one process of a run, `components/<tool>/<name>` under each controller's
/// root: made and limited before the process starts, read for OOM kills and usage, and
/// emptied and removed once it ended. Every process the run starts lands in it, also those
/// that left its process group with `setsid`, so ``killAll()`` finds them all.
public struct RunCgroup: Sendable, Hashable {
    /// The hierarchy it lives in.
    public let hierarchy: CgroupHierarchy
    /// Per controller, this run's folder.
    public let directories: [CgroupHierarchy.Controller: String]
    /// The limits written into it.
    public let limits: ResourceLimits

    /// The distinct folders (one under v2, one per mounted controller under v1).
    var distinctDirectories: [String] {
        var seen = Set<String>()
        return CgroupHierarchy.Controller.allCases.compactMap { directories[$0] }.filter { seen.insert($0).inserted }
    }

    /// The `cgroup.procs` files a process writes its pid into to join the run.
    public var procsFiles: [String] { distinctDirectories.map { $0 + "/cgroup.procs" } }

    /// Makes the cgroup `<group>/<name>` and writes `limits` into it. `group` and `name`
    /// must be single path components (tool and component names are DNS labels).
    ///
    /// - Throws: `.limitsFailed` naming the file the kernel refused; nothing is left behind.
    public static func create(in hierarchy: CgroupHierarchy, group: String, name: String,
                              limits: ResourceLimits) async throws(LocalBackendError) -> RunCgroup {
        for component in [group, name] where component.isEmpty || component.contains("/") || component.hasPrefix(".") {
            throw LocalBackendError(code: .limitsFailed, message: "\"\(component)\" cannot name a cgroup")
        }
        var directories: [CgroupHierarchy.Controller: String] = [:]
        for (controller, root) in hierarchy.roots {
            directories[controller] = "\(root)/\(group)/\(name)"
        }
        let cgroup = RunCgroup(hierarchy: hierarchy, directories: directories, limits: limits)
        do throws(LocalBackendError) {
            for root in hierarchy.distinctRoots {
                try CgroupFiles.makeDirectory("\(root)/\(group)")
                if hierarchy.version == .v2 { try CgroupFiles.enableControllers(in: "\(root)/\(group)") }
            }
            for directory in cgroup.distinctDirectories {
                guard mkdir(directory, 0o755) == 0 else {
                    throw LocalBackendError(code: .limitsFailed, message: "cannot create the cgroup \(directory): \(String(cString: strerror(errno)))")
                }
            }
            try cgroup.writeLimits()
        } catch {
            await cgroup.remove()
            throw error
        }
        return cgroup
    }

    /// The run cgroup process `pid` is in, for a process an earlier executor started: found
    /// by its `/proc/PID/cgroup` entry ending in `components/<group>/<name>` under each of
    /// `hierarchy`'s roots. Nil when it is in none (started without limits).
    public static func containing(pid: pid_t, in hierarchy: CgroupHierarchy, limits: ResourceLimits) -> RunCgroup? {
        guard let membership = CgroupFiles.read("/proc/\(pid)/cgroup") else { return nil }
        var directories: [CgroupHierarchy.Controller: String] = [:]
        for (controller, root) in hierarchy.roots {
            let line = membership.split(separator: "\n").first { line in
                let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                guard fields.count == 3 else { return false }
                return hierarchy.version == .v2 ? fields[0] == "0" : fields[1].split(separator: ",").contains { $0 == controller.rawValue }
            }
            guard let path = line?.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).last,
                  let marker = path.range(of: "/components/", options: .backwards) else { return nil }
            let relative = path[marker.upperBound...]
            guard relative.split(separator: "/").count == 2, !relative.contains("..") else { return nil }
            directories[controller] = "\(root)/\(relative)"
        }
        return RunCgroup(hierarchy: hierarchy, directories: directories, limits: limits)
    }

    private func writeLimits() throws(LocalBackendError) {
        switch hierarchy.version {
        case .v2:
            guard let directory = directories[.memory] else { return }
            if let memory = limits.memory {
                try CgroupFiles.write("\(memory.bytes)", to: directory + "/memory.max")
                if CgroupFiles.exists(directory + "/memory.swap.max") {
                    try CgroupFiles.write("0", to: directory + "/memory.swap.max")
                }
            }
            if let quota = limits.cpuQuotaMicroseconds {
                try CgroupFiles.write("\(quota) \(ResourceLimits.cpuPeriodMicroseconds)", to: directory + "/cpu.max")
            }
            if let pids = limits.pids {
                try CgroupFiles.write("\(pids)", to: directory + "/pids.max")
            }
        case .v1:
            if let memory = limits.memory, let directory = directories[.memory] {
                try CgroupFiles.write("\(memory.bytes)", to: directory + "/memory.limit_in_bytes")
                // Memory plus swap, so the limit cannot be dodged by swapping; present only
                // when the kernel accounts swap.
                if CgroupFiles.exists(directory + "/memory.memsw.limit_in_bytes") {
                    try CgroupFiles.write("\(memory.bytes)", to: directory + "/memory.memsw.limit_in_bytes")
                }
            }
            if let quota = limits.cpuQuotaMicroseconds, let directory = directories[.cpu] {
                try CgroupFiles.write("\(ResourceLimits.cpuPeriodMicroseconds)", to: directory + "/cpu.cfs_period_us")
                try CgroupFiles.write("\(quota)", to: directory + "/cpu.cfs_quota_us")
            }
            if let pids = limits.pids, let directory = directories[.pids] {
                try CgroupFiles.write("\(pids)", to: directory + "/pids.max")
            }
        }
    }

    /// The processes in the cgroup now.
    public func processes() -> Set<pid_t> {
        var pids = Set<pid_t>()
        for file in procsFiles {
            for line in (CgroupFiles.read(file) ?? "").split(separator: "\n") {
                if let pid = pid_t(line) { pids.insert(pid) }
            }
        }
        return pids
    }

    /// How many times the kernel's OOM killer killed a process of the cgroup.
    public var oomKills: UInt64 {
        guard let directory = directories[.memory] else { return 0 }
        switch hierarchy.version {
        case .v2: return CgroupFiles.keyedValue("oom_kill", in: directory + "/memory.events") ?? 0
        case .v1: return CgroupFiles.keyedValue("oom_kill", in: directory + "/memory.oom_control") ?? 0
        }
    }

    /// What the cgroup uses now (memory, CPU time, OOM kills).
    public var usage: ResourceUsage {
        var usage = ResourceUsage(oomKills: oomKills)
        switch hierarchy.version {
        case .v2:
            if let directory = directories[.memory] {
                usage.memoryBytes = CgroupFiles.read(directory + "/memory.current").flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                usage.cpuSeconds = CgroupFiles.keyedValue("usage_usec", in: directory + "/cpu.stat").map { Double($0) / 1e6 }
            }
        case .v1:
            if let directory = directories[.memory] {
                usage.memoryBytes = CgroupFiles.read(directory + "/memory.usage_in_bytes").flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            if let directory = directories[.cpuacct] {
                usage.cpuSeconds = CgroupFiles.read(directory + "/cpuacct.usage").flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { Double($0) / 1e9 }
            }
        }
        return usage
    }

    /// Sends `signal` to every process in the cgroup; answers how many there were.
    @discardableResult
    public func signalAll(_ signal: Int32) -> Int {
        let pids = processes()
        for pid in pids { kill(pid, signal) }
        return pids.count
    }

    /// Kills every process in the cgroup and waits until it is empty. The pids limit keeps
    /// a fork bomb from outrunning the loop; each round kills what the last one missed.
    public func killAll() async {
        if hierarchy.version == .v2, let directory = directories[.memory], CgroupFiles.exists(directory + "/cgroup.kill") {
            do {
                try CgroupFiles.write("1", to: directory + "/cgroup.kill")
            } catch {
                // Older kernels refuse it; the loop below does the same by pid.
            }
        }
        for _ in 0..<500 {
            guard signalAll(SIGKILL) > 0 else { return }
            await CgroupFiles.pause()
        }
    }

    /// Kills what is left and removes the cgroup's folders. Failures are logged by the
    /// caller: a folder that cannot be removed only costs a directory entry.
    @discardableResult
    public func remove() async -> [LocalBackendError] {
        await killAll()
        var failures: [LocalBackendError] = []
        for directory in distinctDirectories {
            do {
                try await CgroupFiles.removeDirectory(directory)
            } catch {
                failures.append(error)
            }
        }
        return failures
    }
}

