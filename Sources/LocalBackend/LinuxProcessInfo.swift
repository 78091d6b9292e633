import ExecutorService
import Foundation

/// What `/proc` tells about a process: enough to recognise it again after the executor
/// restarted, when its pid may have been reused by an unrelated process.
public enum LinuxProcessInfo {
    /// Field 22 of `/proc/PID/stat`: when the process started, in clock ticks since boot.
    /// Nil when there is no such process (or it is a zombie, which counts as gone).
    public static func startTime(of pid: Int32) -> UInt64? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // The command name (field 2) may contain spaces and parentheses: fields after it
        // start after the last `)`.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 is fields[19].
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return UInt64(fields[19])
    }

    /// True when `pid` runs and is the process that started at `startTime`.
    public static func isRunning(pid: Int32, startTime: UInt64) -> Bool {
        self.startTime(of: pid) == startTime
    }
}
