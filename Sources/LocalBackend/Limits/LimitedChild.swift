import ExecutorService
import Foundation
import ToolConfig

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child started inside its own cgroup and rlimits (``ChildSpawnRequest/joining(_:limits:)``),
/// or a plain child when it has no limits. ``finish(_:)`` must follow its reaping: it kills
/// what the process left behind, reads whether the OOM killer struck, and removes the cgroup.
struct LimitedChild: Sendable {
    /// The process, leader of its own process group.
    let pid: pid_t
    /// Its cgroup; nil without limits or without a usable hierarchy.
    let cgroup: RunCgroup?
    /// The writer of its log, when its output is a ``ChildOutput/log(_:)``.
    var logWriter: LogWriterProcess?
    /// The sandbox's first process, in a network namespace of its own; nil on the host's network.
    var sandboxPID: pid_t?

    /// Makes the cgroup (when `limits` has a hierarchy) and starts `request` in it, with a
    /// log writer first when its output is a log.
    ///
    /// - Throws: `.limitsFailed` when the cgroup cannot be made, `.spawnFailed` when the
    ///   process or its log writer cannot start; no cgroup is left behind either way, and a
    ///   log writer whose child did not start ends by itself.
    static func spawn(_ request: ChildSpawnRequest, limits: RunLimits?) async throws(LocalBackendError) -> LimitedChild {
        var request = request
        var writer: LogWriterProcess?
        var pipe: Int32 = -1
        if case .log(let log) = request.output {
            let started = try LogWriterProcess.start(for: log)
            writer = started.writer
            pipe = started.input
            request.output = .descriptor(pipe)
        }
        // The child holds the pipe now (or never will): the writer sees its end, not ours.
        defer { if pipe >= 0 { close(pipe) } }
        guard let limits else {
            return LimitedChild(pid: try ChildProcessSpawner.spawn(request), cgroup: nil, logWriter: writer)
        }
        var cgroup: RunCgroup?
        if let hierarchy = limits.hierarchy {
            let name = "\(limits.name)-\(UUID().uuidString.prefix(8).lowercased())"
            cgroup = try await RunCgroup.create(in: hierarchy, group: limits.group, name: name, limits: limits.resources)
        }
        do {
            return LimitedChild(pid: try ChildProcessSpawner.spawn(request.joining(cgroup, limits: limits.resources)), cgroup: cgroup, logWriter: writer)
        } catch {
            await cgroup?.remove()
            throw error
        }
    }

    /// After the process was reaped with `status`: kills every process left in the cgroup
    /// (escapes from the process group included), removes it, waits for the log writer to
    /// write what is left in its pipe, and answers how the run ended.
    func finish(_ status: ChildExitStatus) async -> ChildEnding {
        let ending = await emptyCgroup(status)
        await logWriter?.drained()
        return ending
    }

    private func emptyCgroup(_ status: ChildExitStatus) async -> ChildEnding {
        guard let cgroup else { return ChildEnding(status: status, outOfMemory: nil, cleanupFailures: []) }
        await cgroup.killAll()
        // Read once nothing runs in it (a straggler's OOM kill counts too), before rmdir.
        let usage = cgroup.usage
        let killed = !status.isSuccess && usage.oomKills > 0
        let failures = await cgroup.remove()
        return ChildEnding(status: status, outOfMemory: killed ? cgroup.limits.memory : nil, usage: usage, cleanupFailures: failures)
    }
}

/// How a limited child ended.
public struct ChildEnding: Sendable, Hashable, CustomStringConvertible {
    /// Its exit status.
    public var status: ChildExitStatus
    /// The memory limit, when the OOM killer ended the run.
    public var outOfMemory: MemoryQuantity?
    /// What it used in all (CPU time, OOM kills), read just before its cgroup was removed.
    public var usage = ResourceUsage()
    /// Folders of its cgroup that could not be removed.
    var cleanupFailures: [LocalBackendError]

    /// "out of memory (limit 512Mi)", else the exit status ("exit code 3").
    public var description: String {
        outOfMemory.map { "out of memory (limit \($0))" } ?? status.description
    }
}
