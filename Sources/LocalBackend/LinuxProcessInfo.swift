import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What `/proc` tells about a process: enough to recognise it again after the executor
/// restarted, when its pid may have been reused by an unrelated process.
public enum LinuxProcessInfo {
    /// Field 22 of `/proc/PID/stat`: when the process started, in clock ticks since boot.
    /// Nil when there is no such process (or it is a zombie, which counts as gone).
    public static func startTime(of pid: Int32) -> UInt64? {
        guard let fields = statFields(of: pid) else { return nil }
        return UInt64(fields[19])
    }

    /// Field 5 of `/proc/PID/stat`: the process group; nil when there is no such process.
    static func group(of pid: Int32) -> Int32? {
        statFields(of: pid).flatMap { Int32($0[2]) }
    }

    /// The running processes of process group `group`, with their start times.
    static func members(ofGroup group: Int32) -> [RecordedProcess] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name in
            guard let pid = Int32(name), let fields = statFields(of: pid), Int32(fields[2]) == group,
                  let startTime = UInt64(fields[19]) else { return nil }
            return RecordedProcess(pid: pid, startTime: startTime)
        }
    }

    /// Now, in the clock ticks of ``startTime(of:)``: `/proc/uptime` times `_SC_CLK_TCK`.
    static func ticksSinceBoot() -> UInt64 {
        guard let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let seconds = uptime.split(separator: " ").first.flatMap({ Double($0) }) else { return 0 }
        // One tick more: uptime is rounded down, and a process started this tick counts.
        return UInt64(seconds * Double(sysconf(Int32(_SC_CLK_TCK)))) + 1
    }

    /// The fields of `/proc/PID/stat` from field 3 (state) on; nil for no such process, a
    /// zombie, or one that is exiting.
    private static func statFields(of pid: Int32) -> [Substring]? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // The command name (field 2) may contain spaces and parentheses: fields after it
        // start after the last `)`.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 is fields[19].
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return fields
    }

    /// True when `pid` runs and is the process that started at `startTime`.
    public static func isRunning(pid: Int32, startTime: UInt64) -> Bool {
        self.startTime(of: pid) == startTime
    }
}
