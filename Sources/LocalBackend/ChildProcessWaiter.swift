import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for children of this process to exit without blocking the concurrency pool.
///
/// Each wait parks one small thread in `waitpid(pid)`, which wakes the moment the child
/// ends; polling would add up to its interval to every one-off on a deployment's critical
/// path. Only the given pid is reaped, never `-1`, so other owners of children are not robbed.
enum ChildProcessWaiter {
    /// Suspends until child `pid` exits and reaps it. Cancellation does not end the wait:
    /// signal the process instead.
    static func waitForExit(of pid: pid_t) async -> ChildExitStatus {
        await withCheckedContinuation { (continuation: CheckedContinuation<ChildExitStatus, Never>) in
            let thread = Thread {
                var status: Int32 = 0
                while true {
                    let result = waitpid(pid, &status, 0)
                    if result == pid {
                        continuation.resume(returning: ChildExitStatus(waitStatus: status))
                        return
                    }
                    if result == -1 && errno == EINTR { continue }
                    // ECHILD: someone else reaped it; its status is lost.
                    continuation.resume(returning: .signaled(0))
                    return
                }
            }
            thread.stackSize = 256 * 1024
            thread.name = "waitpid \(pid)"
            thread.start()
        }
    }

    /// Sends `signal` to the process group led by `pid`, and to `pid` itself in case it
    /// left its group; answers whether anything was signalled.
    @discardableResult
    static func signalGroup(_ pid: pid_t, _ signal: Int32) -> Bool {
        guard pid > 1 else { return false }
        let group = kill(-pid, signal) == 0
        let single = kill(pid, signal) == 0
        return group || single
    }
}
