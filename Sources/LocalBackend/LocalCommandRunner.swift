import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command to its end under a time limit: git calls, build commands, health-check
/// scripts and one-off runs. On timeout or task cancellation the whole process group is
/// killed, so helpers the command started (git's remote helpers, a shell's children) go too.
enum LocalCommandRunner {
    /// Starts `request`, waits for it, and kills its group when `timeout` passes or the task
    /// is cancelled. `onStart` sees the pid as soon as it exists.
    ///
    /// - Throws: `.timedOut` (after the group was killed and reaped), `.cancelled`, or
    ///   `.spawnFailed`. A non-zero exit is not an error here: callers judge the status.
    static func run(_ request: ChildSpawnRequest, timeout: Duration,
                    onStart: @Sendable (pid_t) -> Void = { _ in }) async throws(LocalBackendError) -> ChildExitStatus {
        try await run(request, limits: nil, timeout: timeout, onStart: onStart).status
    }

    /// ``run(_:timeout:onStart:)`` inside the cgroup and rlimits of `limits`: the cgroup is
    /// emptied and removed before this returns or throws, and the ending tells an OOM kill.
    /// With `network`, the sandbox's namespace is connected to it before the program starts.
    static func run(_ request: ChildSpawnRequest, limits: RunLimits?, network: RunNetwork? = nil, timeout: Duration,
                    onStart: @Sendable (pid_t) -> Void = { _ in }) async throws(LocalBackendError) -> ChildEnding {
        let child = try await LimitedChild.spawn(request, limits: limits, network: network)
        let pid = child.pid
        onStart(pid)
        let expiry = TimeoutRecord()
        let status: ChildExitStatus = await withTaskCancellationHandler {
            await withTaskGroup(of: ChildExitStatus?.self) { group in
                group.addTask {
                    // Whatever the leader left behind in its group goes with it.
                    await ChildProcessWaiter.waitForExit(of: pid, killingGroup: true)
                }
                group.addTask {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return nil }
                    // Recorded before the kill, so the exit it causes is known to be a timeout.
                    await expiry.expire()
                    ChildProcessWaiter.signalGroup(pid, SIGKILL)
                    return nil
                }
                while let event = await group.next() {
                    if let status = event {
                        group.cancelAll()
                        return status
                    }
                }
                return .signaled(SIGKILL)
            }
        } onCancel: {
            ChildProcessWaiter.signalGroup(pid, SIGKILL)
        }
        let ending = await child.finish(status)
        let timedOut = await expiry.expired
        if Task.isCancelled {
            throw LocalBackendError(code: .cancelled, message: "\(request.executable) was cancelled and killed")
        }
        if timedOut {
            throw LocalBackendError(code: .timedOut, message: "\(request.executable) did not finish within \(timeout.localDescription) and was killed")
        }
        return ending
    }
}

/// Whether a command's time limit passed.
private actor TimeoutRecord {
    private(set) var expired = false

    func expire() {
        expired = true
    }
}

extension Duration {
    /// "90 s", "250 ms": short and readable in messages.
    var localDescription: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(milliseconds) ms"
    }
}
