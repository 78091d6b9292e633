import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process held by a pidfd: a signal sent through it reaches that process or no one, even
/// when its pid was reaped since and given to another. For processes that are not this
/// executor's children (re-adopted runs, an earlier executor's leftovers), whose reaping
/// ``ChildProcessWaiter`` never sees.
final class PinnedProcess {
    let pid: pid_t
    private let descriptor: Int32

    /// Pins `pid` if it is the process that started at `startTime`; nil when that process no
    /// longer runs (or this kernel has no pidfds). The start time is read after the pidfd is
    /// opened, so a match proves the pidfd is that process.
    init?(pid: pid_t, startTime: UInt64) {
        guard pid > 1, let open = PidfdCalls.open else { return nil }
        let descriptor = open(pid, 0)
        guard descriptor >= 0 else { return nil }
        guard LinuxProcessInfo.startTime(of: pid) == startTime else {
            close(descriptor)
            return nil
        }
        self.pid = pid
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Sends `signal`; answers false when the process is gone.
    func send(_ signal: Int32) -> Bool {
        PidfdCalls.sendSignal?(descriptor, signal, nil, 0) == 0
    }
}

extension RecordedProcess {
    /// Sends `signal` to this process and to the other members of its process group without
    /// ever reaching a process that merely got one of their numbers: each is pinned
    /// (``PinnedProcess``) and recognised after pinning. While the leader runs, its group id
    /// is its own; once it is gone, only members that started by `lastSeenAlive` (clock ticks
    /// since boot, when the leader was last seen running) are signalled, since a group of
    /// that number made later would be a stranger's. Answers whether anything was signalled.
    @discardableResult
    func signalGroup(_ signal: Int32, lastSeenAlive: UInt64? = nil) -> Bool {
        var startedBy = lastSeenAlive ?? 0
        var signalled = false
        if let leader = PinnedProcess(pid: pid, startTime: startTime) {
            // Read after pinning: the group is the leader's as long as it runs.
            startedBy = LinuxProcessInfo.ticksSinceBoot()
            signalled = leader.send(signal)
        }
        for member in LinuxProcessInfo.members(ofGroup: pid) where member.pid != pid && member.startTime <= startedBy {
            guard let pinned = PinnedProcess(pid: member.pid, startTime: member.startTime),
                  LinuxProcessInfo.group(of: member.pid) == pid else { continue }
            signalled = pinned.send(signal) || signalled
        }
        return signalled
    }
}

/// glibc's pidfd calls (2.36), looked up once by name so older C libraries still load.
private enum PidfdCalls {
    typealias Open = @convention(c) (pid_t, UInt32) -> Int32
    typealias SendSignal = @convention(c) (Int32, Int32, UnsafeMutableRawPointer?, UInt32) -> Int32

    static let open: Open? = GNUExtension.symbol("pidfd_open")
    static let sendSignal: SendSignal? = GNUExtension.symbol("pidfd_send_signal")
}
