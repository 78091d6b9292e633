import ExecutorService
import Foundation
import ToolConfig

/// What a supervised process runs: a shell command in an image folder.
public struct SupervisedCommand: Sendable, Hashable {
    /// The text handed to `/bin/sh -c`: `run.command`, or the image's Procfile entry it names
    /// (``resolving(command:directory:environment:log:)``).
    public var command: String
    /// The image's app folder, the process's working directory.
    public var directory: URL
    /// The component's `env` and the executor's additions (`<COMPONENT>_URL`), laid over
    /// ``ChildEnvironment``'s base. `PORT` is set by the supervisor for continuous runs.
    public var environment: [String: String]
    /// The run log, which the process's log writer writes.
    public var log: LogFile
    /// How the process is confined.
    public var sandbox: Sandbox
    /// What the process sees in its sandbox; nil runs it as the executor's plain child.
    public var profile: SandboxProfile?
    /// The cgroup and rlimits each of its processes starts in; nil for none.
    public var limits: RunLimits?

    /// Creates a command that runs `command` as written.
    public init(command: String, directory: URL, environment: [String: String] = [:], log: LogFile,
                sandbox: Sandbox = .none, profile: SandboxProfile? = nil, limits: RunLimits? = nil) {
        self.command = command
        self.directory = directory
        self.environment = environment
        self.log = log
        self.sandbox = sandbox
        self.profile = profile
        self.limits = limits
    }

    /// A run's command: the Procfile entry `command` names when the image has one, else
    /// `command` itself. Throws when the image's Procfile is not a small regular file.
    public static func resolving(command: String, directory: URL, environment: [String: String] = [:],
                                 log: LogFile, sandbox: Sandbox = .none, profile: SandboxProfile? = nil,
                                 limits: RunLimits? = nil) async throws(ProcfileError) -> SupervisedCommand {
        SupervisedCommand(command: try await Procfile.resolveCommand(command, in: directory),
                          directory: directory, environment: environment, log: log, sandbox: sandbox, profile: profile, limits: limits)
    }

    /// The spawn request for this command with `extra` variables (such as `PORT`) on top.
    /// Sandboxed when the command has a ``profile``.
    func spawnRequest(extra: [String: String] = [:]) -> ChildSpawnRequest {
        let request = ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", command],
                                        environment: ChildEnvironment.make(environment.merging(extra) { _, new in new }),
                                        directory: directory, output: .log(log))
        return profile.map { sandbox.wrap(request, as: $0) } ?? request
    }

    /// The network its sandbox is connected to before the program starts; nil when it has
    /// no namespace to connect (host network, loopback only, unconfined).
    var attachedNetwork: RunNetwork? {
        guard sandbox.mode == .bubblewrap, case .attached(let network)? = profile?.network else { return nil }
        return network
    }

    /// This command at `address` on its tool's network (each replica has its own); unchanged
    /// when it is not attached to one.
    func at(address: String?) -> SupervisedCommand {
        guard let address, var network = attachedNetwork else { return self }
        var command = self
        network.address = address
        command.profile?.network = .attached(network)
        return command
    }
}

/// How a dead continuous process is restarted: after `initial`, doubling up to `maximum`;
/// a process that ran for `stableAfter` starts the sequence over.
public struct SupervisorBackoff: Sendable, Hashable {
    /// The first delay.
    public var initial: Duration
    /// The longest delay.
    public var maximum: Duration
    /// How long a process must run for its crash not to count as a crash loop.
    public var stableAfter: Duration

    /// Creates a policy; the defaults suit services.
    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30), stableAfter: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
        self.stableAfter = stableAfter
    }
}

/// One replica of a supervised continuous run.
public struct SupervisedReplica: Sendable, Hashable {
    /// 0-based; replica `i` gets `PORT` = base port + `i`.
    public var index: Int
    /// The running process, nil while waiting to restart.
    public var pid: Int32?
    /// Its start time (``LinuxProcessInfo/startTime(of:)``), recorded with the pid so a
    /// restarted executor can re-adopt it.
    public var startTime: UInt64?
    /// The `PORT` it got, if any.
    public var port: Int?
    /// Its address on its tool's network; nil on the host's.
    public var address: String?
    /// Its sandbox's first process, whose network namespace is the replica's; nil on the
    /// host's network or when adopted.
    public var sandboxPID: Int32?
    /// How many times it was restarted.
    public var restarts: Int
    /// How its last process ended.
    public var lastExit: ChildExitStatus?
    /// True while the process is one adopted from an earlier executor (watched by polling).
    public var adopted: Bool
}

/// A process of an earlier executor to re-adopt: the pid and start time it recorded.
public struct RecordedProcess: Sendable, Hashable, Codable {
    /// The pid (also its process group id).
    public var pid: Int32
    /// Its start time, which tells it from a later process with the same pid.
    public var startTime: UInt64

    /// Creates a record.
    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// True when that very process still runs.
    public var isRunning: Bool { LinuxProcessInfo.isRunning(pid: pid, startTime: startTime) }
}

/// What a one-off run ended with.
public struct OneOffResult: Sendable, Hashable {
    /// How the process ended (`.signaled(SIGKILL)` when it timed out).
    public var status: ChildExitStatus
    /// True when it was killed for running past its timeout.
    public var timedOut: Bool
    /// The last lines of the run log.
    public var lastLines: [String]
    /// How long it ran.
    public var duration: Duration

    /// The memory limit, when the OOM killer ended the run.
    public var outOfMemory: MemoryQuantity?

    /// Success is exit code 0 within the timeout.
    public var succeeded: Bool { status.isSuccess && !timedOut }

    /// Why it failed: "out of memory (limit 512Mi)", "exit code 3"; nil on success.
    public var failureReason: String? {
        guard !succeeded else { return nil }
        if let outOfMemory { return "out of memory (limit \(outOfMemory))" }
        return timedOut ? "killed after its timeout" : status.description
    }
}
