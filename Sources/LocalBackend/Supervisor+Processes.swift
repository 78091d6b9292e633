import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Supervisor {
    /// Runs a one-off to completion in its own process group, its output in the command's
    /// log, killed (with its group) after `timeout` or when the calling task is cancelled.
    ///
    /// - Parameter onStart: sees the pid and start time at once, to record them.
    /// - Returns: the exit status and last log lines; success is exit 0 within the timeout.
    /// - Throws: `.spawnFailed`, or `.cancelled` after the process was killed.
    public nonisolated func runOnce(_ command: SupervisedCommand, timeout: Duration, tailLines: Int = 20,
                                    onStart: @Sendable (RecordedProcess) -> Void = { _ in }) async throws -> OneOffResult {
        try command.log.prepare()
        try? command.log.append(line: "==> Running: \(command.command)")
        let started = ContinuousClock.now
        var timedOut = false
        let ending: ChildEnding
        let result: Result<ChildEnding, LocalBackendError>
        do {
            result = .success(try await LocalCommandRunner.run(command.spawnRequest(), limits: command.limits, network: command.attachedNetwork, timeout: timeout) { pid in
                onStart(RecordedProcess(pid: pid, startTime: LinuxProcessInfo.startTime(of: pid) ?? 0))
            })
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let value):
            ending = value
        case .failure(let error) where error.code == .timedOut:
            timedOut = true
            ending = ChildEnding(status: .signaled(SIGKILL), outOfMemory: nil, cleanupFailures: [])
        case .failure(let error):
            throw error
        }
        let duration = ContinuousClock.now - started
        for failure in ending.cleanupFailures { try? command.log.append(line: "==> \(failure.message)") }
        let words = timedOut ? "was killed after its timeout of \(timeout.localDescription)" : "ended with \(ending)"
        try? command.log.append(line: "==> Process \(words)")
        return OneOffResult(status: ending.status, timedOut: timedOut, lastLines: command.log.tail(lines: tailLines + 1).dropLast().suffix(tailLines),
                            duration: duration, outOfMemory: ending.outOfMemory)
    }

    /// Stops a process this supervisor does not supervise (a previous version recorded in
    /// the database and not adopted): SIGTERM to its group, SIGKILL after `grace`. Answers
    /// false, doing nothing, when that process (pid *and* start time) no longer runs.
    @discardableResult
    public nonisolated func terminate(_ process: RecordedProcess, grace: Duration? = nil) async -> Bool {
        var lastSeenAlive = LinuxProcessInfo.ticksSinceBoot()
        guard process.isRunning else { return false }
        process.signalGroup(SIGTERM)
        let deadline = ContinuousClock.now + (grace ?? stopGracePeriod)
        while ContinuousClock.now < deadline {
            let now = LinuxProcessInfo.ticksSinceBoot()
            guard process.isRunning else { break }
            lastSeenAlive = now
            try? await Task.sleep(for: .milliseconds(50))
        }
        // The leader if it still runs, and what it left behind in its group.
        process.signalGroup(SIGKILL, lastSeenAlive: lastSeenAlive)
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Suspends until `process` no longer runs (for processes that are not our children),
    /// or until the task is cancelled; answers when it was last seen running, in the clock
    /// ticks of ``LinuxProcessInfo/startTime(of:)``.
    @discardableResult
    static func pollUntilGone(_ process: RecordedProcess, interval: Duration) async -> UInt64 {
        var lastSeenAlive = LinuxProcessInfo.ticksSinceBoot()
        while true {
            let now = LinuxProcessInfo.ticksSinceBoot()
            guard process.isRunning else { return lastSeenAlive }
            lastSeenAlive = now
            do {
                try await Task.sleep(for: interval)
            } catch {
                return lastSeenAlive
            }
        }
    }
}
