import ExecutorService
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps continuous runs alive: each replica is a child in its own process group, in the
/// image folder, its output going through a log writer into the run log; when it dies it is restarted with exponential backoff
/// until ``stop(id:grace:)``. Processes of an earlier executor are re-adopted by pid and
/// start time and watched by polling (they are not our children), then restarted as ours.
///
/// Runs are named by the caller (`tool/component/deploy-id`, say), so the engine can start a
/// new version, wait for it to be healthy and then stop the old one.
public actor Supervisor {
    /// Restart delays.
    public let backoff: SupervisorBackoff
    /// How long a stop waits after SIGTERM before SIGKILL.
    public let stopGracePeriod: Duration
    /// How often adopted processes are checked.
    public let pollInterval: Duration
    let logger: Logger

    private struct Run {
        /// Tells this run from a later one of the same id (after ``detachAll()``).
        let generation = UUID()
        var command: SupervisedCommand
        var replicas: [SupervisedReplica]
        /// The process of each replica this supervisor started, with its cgroup.
        var children: [Int: LimitedChild] = [:]
        /// CPU time and OOM kills of the run's processes that ended.
        var ended = ResourceUsage()
        var tasks: [Task<Void, Never>] = []
        var activeTasks = 0
        var stopping = false
    }

    private var runs: [String: Run] = [:]

    /// Creates a supervisor with no runs.
    public init(backoff: SupervisorBackoff = SupervisorBackoff(), stopGracePeriod: Duration = .seconds(10),
                pollInterval: Duration = .milliseconds(250), logger: Logger) {
        self.backoff = backoff
        self.stopGracePeriod = stopGracePeriod
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Starts `replicas` processes of `command` under `id`, replica `i` with `PORT` =
    /// `port + i` when `port` is set, and answers their pids and start times. With
    /// `addresses` (one per replica, for a command attached to its tool's network), every
    /// replica listens on `port` itself, at its own address.
    ///
    /// - Throws: `.alreadyRunning` when `id` is supervised already, `.spawnFailed` when the
    ///   first process cannot start (nothing is left running then).
    public func startContinuous(id: String, command: SupervisedCommand, port: Int?, replicas: Int = 1,
                                addresses: [String] = []) async throws -> [SupervisedReplica] {
        try await adoptContinuous(id: id, command: command, port: port, replicas: replicas, addresses: addresses, processes: [])
    }

    /// Supervises `id` again after an executor restart: replica `i` re-adopts
    /// `processes[i]` when that process still runs with its recorded start time, and is
    /// started anew otherwise. Answers the replicas (``SupervisedReplica/adopted`` tells).
    public func adoptContinuous(id: String, command: SupervisedCommand, port: Int?, replicas: Int = 1, addresses: [String] = [],
                                processes: [RecordedProcess]) async throws -> [SupervisedReplica] {
        guard runs[id] == nil else {
            throw LocalBackendError(code: .alreadyRunning, message: "\(id) is supervised already; stop it first or use another run id")
        }
        try command.log.prepare()
        var run = Run(command: command, replicas: [])
        var firstChildren: [LimitedChild] = []
        for index in 0..<max(replicas, 1) {
            let address = addresses.indices.contains(index) ? addresses[index] : nil
            let replicaPort = address == nil ? port.map { $0 + index } : port
            var replica = SupervisedReplica(index: index, pid: nil, startTime: nil, port: replicaPort, address: address,
                                            restarts: 0, lastExit: nil, adopted: false)
            if index < processes.count, processes[index].isRunning {
                replica.pid = processes[index].pid
                replica.startTime = processes[index].startTime
                replica.adopted = true
                if let limits = command.limits, let hierarchy = limits.hierarchy,
                   let cgroup = RunCgroup.containing(pid: processes[index].pid, in: hierarchy, limits: limits.resources) {
                    run.children[index] = LimitedChild(pid: processes[index].pid, cgroup: cgroup)
                }
                try? command.log.append(line: "==> Re-adopted process \(processes[index].pid) (replica \(index)) after an executor restart")
            } else {
                do {
                    let child = try await spawn(command.at(address: address), port: replicaPort, replica: index)
                    replica.pid = child.pid
                    replica.sandboxPID = child.sandboxPID
                    replica.startTime = LinuxProcessInfo.startTime(of: child.pid)
                    run.children[index] = child
                    firstChildren.append(child)
                } catch {
                    for child in firstChildren {
                        ChildProcessWaiter.signalGroup(child.pid, SIGKILL)
                        _ = await child.finish(await ChildProcessWaiter.waitForExit(of: child.pid, killingGroup: true))
                    }
                    throw error
                }
            }
            run.replicas.append(replica)
        }
        run.activeTasks = run.replicas.count
        runs[id] = run
        for replica in run.replicas {
            let task = Task {
                await self.supervise(id: id, generation: run.generation, index: replica.index)
                self.taskEnded(id, generation: run.generation)
            }
            runs[id]?.tasks.append(task)
        }
        logger.info("supervising", metadata: ["run": "\(id)", "pids": "\(run.replicas.compactMap(\.pid))"])
        return run.replicas
    }

    /// The replicas of `id` now, or nil when it is not supervised.
    public func replicas(of id: String) -> [SupervisedReplica]? {
        runs[id]?.replicas
    }

    /// What the processes of `id` use now (memory), and have used since it started (CPU
    /// time and OOM kills, restarts included); nil when it is not supervised.
    public func usage(of id: String) -> ResourceUsage? {
        guard let run = runs[id] else { return nil }
        return run.children.values.compactMap(\.cgroup).reduce(run.ended) { $0.adding($1.usage) }
    }

    /// The ids of all supervised runs, sorted.
    public var runIDs: [String] { runs.keys.sorted() }

    /// Stops `id`: SIGTERM to each replica's process group, SIGKILL to what still runs after
    /// `grace` (default ``stopGracePeriod``), and waits until all are gone. No restart follows.
    public func stop(id: String, grace: Duration? = nil) async {
        guard let run = runs[id] else { return }
        guard !run.stopping else {
            // Another stop is under way: wait for it.
            while runs[id]?.generation == run.generation {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return
        }
        runs[id]?.stopping = true
        // Cancelling ends backoff sleeps and adoption polls; waits for children end by the signal.
        for task in run.tasks { task.cancel() }
        for replica in run.replicas { Self.signal(replica, SIGTERM) }
        // Processes that left the group (setsid) are still in the replica's cgroup.
        for child in run.children.values { child.cgroup?.signalAll(SIGTERM) }
        let deadline = ContinuousClock.now + (grace ?? stopGracePeriod)
        while !isStopped(id), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if !isStopped(id) {
            for replica in runs[id]?.replicas ?? [] { Self.signal(replica, SIGKILL) }
            while !isStopped(id) {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        // Adopted processes have no supervision task waiting for them: their cgroups go here.
        for replica in run.replicas where replica.adopted {
            if let cgroup = run.children[replica.index]?.cgroup { await cgroup.remove() }
        }
        runs[id] = nil
        logger.info("stopped", metadata: ["run": "\(id)"])
    }

    /// True when no supervision task of `id` runs and no adopted process of it is alive.
    private func isStopped(_ id: String) -> Bool {
        guard let run = runs[id] else { return true }
        let adoptedAlive = run.replicas.contains { replica in
            guard replica.adopted, let pid = replica.pid, let startTime = replica.startTime else { return false }
            return LinuxProcessInfo.isRunning(pid: pid, startTime: startTime)
        }
        return run.activeTasks == 0 && !adoptedAlive
    }

    private func taskEnded(_ id: String, generation: UUID) {
        guard runs[id]?.generation == generation else { return }
        runs[id]?.activeTasks -= 1
    }

    /// The run `id` if it is still the one of `generation`.
    private func currentRun(_ id: String, _ generation: UUID) -> Run? {
        guard let run = runs[id], run.generation == generation else { return nil }
        return run
    }

    /// Stops every run, in parallel (executor shutdown when processes should not outlive it).
    public func stopAll(grace: Duration? = nil) async {
        await withTaskGroup(of: Void.self) { group in
            for id in runs.keys { group.addTask { await self.stop(id: id, grace: grace) } }
        }
    }

    /// Leaves every process running and forgets them (executor shutdown when processes
    /// should be re-adopted by the next executor).
    public func detachAll() {
        for run in runs.values { run.tasks.forEach { $0.cancel() } }
        runs = [:]
    }

    // MARK: - Supervision loop

    private func supervise(id: String, generation: UUID, index: Int) async {
        var delay = backoff.initial
        while let run = currentRun(id, generation), !run.stopping {
            let replica = run.replicas[index]
            let started = ContinuousClock.now
            let ending: ChildEnding?
            if let pid = replica.pid, replica.adopted, let startTime = replica.startTime {
                let process = RecordedProcess(pid: pid, startTime: startTime)
                let lastSeenAlive = await Self.pollUntilGone(process, interval: pollInterval)
                // A stop ends the poll early and does its own SIGTERM-then-SIGKILL.
                guard currentRun(id, generation)?.stopping == false else { return }
                // What it left in its group; its pid is not signalled again (someone else reaped it).
                process.signalGroup(SIGKILL, lastSeenAlive: lastSeenAlive)
                // Not our child: its exit status is unknown, but its cgroup still tells an OOM kill.
                if let child = currentRun(id, generation)?.children[index], child.pid == pid {
                    ending = await child.finish(.signaled(0))
                } else {
                    ending = nil
                }
            } else if let pid = replica.pid {
                let exit = await ChildProcessWaiter.waitForExit(of: pid, killingGroup: true)
                if let child = currentRun(id, generation)?.children[index], child.pid == pid {
                    ending = await child.finish(exit)
                    for failure in ending?.cleanupFailures ?? [] { try? run.command.log.append(line: "==> \(failure.message)") }
                } else {
                    ending = ChildEnding(status: exit, outOfMemory: nil, cleanupFailures: [])
                }
            } else {
                ending = nil
            }
            guard currentRun(id, generation)?.stopping == false else { return }
            update(id, generation, index) { $0.pid = nil; $0.startTime = nil; $0.sandboxPID = nil; $0.adopted = false; $0.lastExit = ending?.status }
            runs[id]?.children[index] = nil
            if let usage = ending?.usage, let before = runs[id]?.ended {
                runs[id]?.ended = before.adding(ResourceUsage(cpuSeconds: usage.cpuSeconds, oomKills: usage.oomKills))
            }
            if ContinuousClock.now - started >= backoff.stableAfter { delay = backoff.initial }
            let reason = ending.map { "\($0)" } ?? "ended"
            try? run.command.log.append(line: "==> Process of replica \(index) \(reason); restarting in \(delay.localDescription)")
            logger.warning("process died", metadata: ["run": "\(id)", "replica": "\(index)", "status": "\(reason)"])
            do {
                try await Task.sleep(for: delay)
            } catch {
                return
            }
            delay = min(delay * 2, backoff.maximum)
            guard let current = currentRun(id, generation), !current.stopping else { return }
            do {
                let child = try await spawn(current.command.at(address: replica.address), port: replica.port, replica: index)
                guard currentRun(id, generation)?.stopping == false else {
                    // A stop began while the cgroup was being made; it cannot see this child.
                    ChildProcessWaiter.signalGroup(child.pid, SIGKILL)
                    _ = await child.finish(await ChildProcessWaiter.waitForExit(of: child.pid, killingGroup: true))
                    return
                }
                runs[id]?.children[index] = child
                update(id, generation, index) {
                    $0.pid = child.pid
                    $0.startTime = LinuxProcessInfo.startTime(of: child.pid)
                    $0.sandboxPID = child.sandboxPID
                    $0.restarts += 1
                }
            } catch {
                try? current.command.log.append(line: "==> Could not restart replica \(index): \(error)")
                update(id, generation, index) { $0.restarts += 1 }
            }
        }
    }

    private func spawn(_ command: SupervisedCommand, port: Int?, replica: Int) async throws -> LimitedChild {
        let request = command.spawnRequest(extra: port.map { ["PORT": String($0)] } ?? [:])
        let child = try await LimitedChild.spawn(request, limits: command.limits, network: command.attachedNetwork)
        let address = command.attachedNetwork.map { " at \($0.address)" } ?? ""
        try? command.log.append(line: "==> Started process \(child.pid) (replica \(replica)\(port.map { ", PORT=\($0)" } ?? "")\(address)): \(command.command)")
        return child
    }

    /// Signals a replica's process group: through ``ChildProcessWaiter`` for our children,
    /// pinned for adopted processes (not our children: their reaping is not seen here).
    private static func signal(_ replica: SupervisedReplica, _ signal: Int32) {
        guard let pid = replica.pid else { return }
        if replica.adopted, let startTime = replica.startTime {
            RecordedProcess(pid: pid, startTime: startTime).signalGroup(signal)
        } else {
            ChildProcessWaiter.signalGroup(pid, signal)
        }
    }

    private func update(_ id: String, _ generation: UUID, _ index: Int, _ change: (inout SupervisedReplica) -> Void) {
        guard var run = currentRun(id, generation), run.replicas.indices.contains(index) else { return }
        change(&run.replicas[index])
        runs[id] = run
    }
}
