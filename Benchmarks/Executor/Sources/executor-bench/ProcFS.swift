import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads process figures from /proc (Linux).
enum ProcFS {
    /// `VmRSS` of `pid` in KiB, nil when the process is gone.
    static func residentKiB(_ pid: Int32) -> Int? {
        field("VmRSS", of: pid)
    }

    /// A `kB` line of /proc/PID/status (`VmRSS`, `VmHWM`, ...).
    static func field(_ name: String, of pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// `Pss` of `pid` in KiB (its share of pages it maps with other processes), nil when gone.
    static func proportionalKiB(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pss:") {
            return Int(line.dropFirst(4).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// Parent pid and start time (clock ticks since boot) of `pid`.
    static func stat(_ pid: Int32) -> (parent: Int32, startTime: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt
        // cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let parent = Int32(fields[1]), let start = UInt64(fields[19]) else { return nil }
        return (parent, start)
    }

    /// Every process now running, by pid.
    static func allPids() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
    }

    /// The descendants of `root` now, with their start times.
    static func descendants(of root: Int32) -> [(pid: Int32, startTime: UInt64)] {
        var children: [Int32: [(Int32, UInt64)]] = [:]
        for pid in allPids() {
            if let info = stat(pid) { children[info.parent, default: []].append((pid, info.startTime)) }
        }
        var result: [(pid: Int32, startTime: UInt64)] = []
        var queue = [root]
        while let next = queue.popLast() {
            for (pid, start) in children[next] ?? [] {
                result.append((pid, start))
                queue.append(pid)
            }
        }
        return result
    }

    /// True when `pid` still runs with start time `startTime` (not a reused pid).
    static func isRunning(_ pid: Int32, startTime: UInt64) -> Bool {
        stat(pid)?.startTime == startTime
    }
}

/// One memory sample of the executor and its component processes.
struct MemorySample {
    var executorKiB: Int
    var childrenKiB: Int
    var children: Int
    var descendants: [(pid: Int32, startTime: UInt64)]

    static func take(executor pid: Int32) -> MemorySample? {
        guard let own = ProcFS.residentKiB(pid) else { return nil }
        let descendants = ProcFS.descendants(of: pid)
        let total = descendants.reduce(0) { $0 + (ProcFS.residentKiB($1.pid) ?? 0) }
        return MemorySample(executorKiB: own, childrenKiB: total, children: descendants.count, descendants: descendants)
    }
}

/// Samples memory every `interval` on a thread until stopped; keeps the peaks and every
/// component process seen (so the benchmark can check they all ended).
final class MemorySampler: @unchecked Sendable {
    struct Peaks {
        var executorKiB = 0
        var children = 0
        var childrenKiB = 0
    }

    private let lock = NSLock()
    private var peaks = Peaks()
    private var running = true
    private var seen: [Int32: UInt64] = [:]
    private let pid: Int32
    private let interval: TimeInterval

    init(executor pid: Int32, interval: TimeInterval = 0.02) {
        self.pid = pid
        self.interval = interval
    }

    func start() {
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                if let sample = MemorySample.take(executor: pid) {
                    lock.withLock {
                        peaks.executorKiB = max(peaks.executorKiB, sample.executorKiB)
                        peaks.children = max(peaks.children, sample.children)
                        peaks.childrenKiB = max(peaks.childrenKiB, sample.childrenKiB)
                        for d in sample.descendants { seen[d.pid] = d.startTime }
                    }
                }
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.start()
    }

    /// Stops sampling; answers the peaks.
    func stop() -> Peaks {
        lock.withLock {
            running = false
            return peaks
        }
    }

    /// Every descendant seen while sampling.
    var seenProcesses: [Int32: UInt64] { lock.withLock { seen } }
}
