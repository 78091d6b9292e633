import ExecutorService
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for children of this process to exit without blocking the concurrency pool, and
/// signals them, never after they were reaped: once reaped, a pid may belong to anyone.
///
/// Each wait parks one small thread in `waitid(WNOWAIT)`, which wakes the moment the child
/// ends but leaves it a zombie, so its pid (and process group id) cannot be reused while the
/// group is killed; only then is it reaped, under the same lock ``signalGroup(_:_:)`` takes,
/// and remembered as reaped. Only the given pid is reaped, never `-1`, so other owners of
/// children are not robbed.
enum ChildProcessWaiter {
    /// Children reaped by ``waitForExit(of:killingGroup:)`` and not spawned again since.
    private static let reaped = Mutex<Set<pid_t>>([])

    /// Forgets that `pid` was reaped: a new child got that number.
    static func spawned(_ pid: pid_t) {
        _ = reaped.withLock { $0.remove(pid) }
    }

    /// Suspends until child `pid` exits and reaps it; with `killingGroup`, first kills what
    /// the leader left behind in its process group, while the zombie leader still holds the
    /// group's id. Cancellation does not end the wait: signal the process instead.
    static func waitForExit(of pid: pid_t, killingGroup: Bool = false) async -> ChildExitStatus {
        await withCheckedContinuation { (continuation: CheckedContinuation<ChildExitStatus, Never>) in
            startThread(for: pid) {
                continuation.resume(returning: waitThenReap(pid, killingGroup: killingGroup))
            }
        }
    }

    /// Reaps child `pid` whenever it exits, for a child nobody awaits (a log writer, which
    /// ends after the process it logs); ``wasReaped(_:)`` then tells.
    static func reapWhenItExits(_ pid: pid_t) {
        startThread(for: pid) { _ = waitThenReap(pid, killingGroup: false) }
    }

    /// True once this process reaped child `pid` (and no new child got that number since).
    static func wasReaped(_ pid: pid_t) -> Bool {
        reaped.withLock { $0.contains(pid) }
    }

    private static func startThread(for pid: pid_t, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 256 * 1024
        thread.name = "waitpid \(pid)"
        thread.start()
    }

    private static func waitThenReap(_ pid: pid_t, killingGroup: Bool) -> ChildExitStatus {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 {
            // ECHILD: someone else reaped it; its status is lost.
            guard errno == EINTR else { return .signaled(0) }
        }
        return reaped.withLock { reaped -> ChildExitStatus in
            if killingGroup { _ = kill(-pid, SIGKILL) }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
            reaped.insert(pid)
            return result == pid ? ChildExitStatus(waitStatus: status) : .signaled(0)
        }
    }

    /// Sends `signal` to the process group led by `pid`, and to `pid` itself in case it
    /// left its group; answers whether anything was signalled. Nothing is sent to a child
    /// this process already reaped.
    @discardableResult
    static func signalGroup(_ pid: pid_t, _ signal: Int32) -> Bool {
        guard pid > 1 else { return false }
        return reaped.withLock { reaped in
            guard !reaped.contains(pid) else { return false }
            let group = kill(-pid, signal) == 0
            let single = kill(pid, signal) == 0
            return group || single
        }
    }
}

