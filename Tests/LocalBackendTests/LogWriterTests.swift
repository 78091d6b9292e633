import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

/// A run's output reaches its log through a log writer process that caps and rotates it:
/// a flood fills the disk up to the cap only and never passes through the executor, readers
/// follow across rotations, and the writer outlives the executor's hold on the run.
@Suite(.serialized) struct LogWriterTests {
    private func supervisor() -> Supervisor {
        Supervisor(backoff: SupervisorBackoff(initial: .milliseconds(100), maximum: .seconds(1), stableAfter: .seconds(5)),
                   stopGracePeriod: .seconds(2), pollInterval: .milliseconds(50), logger: testLogger)
    }

    /// Bytes of every file of `log` on disk: the current one and every rotated one there is.
    private func bytesOnDisk(_ log: LogFile) -> UInt64 {
        ([log.url] + (1...log.keptFiles + 5).map(log.rotatedURL)).reduce(0) { $0 + LogFile.size(of: $1) }
    }

    @Test func aFloodStaysWithinTheCapAndNeverPassesThroughTheExecutor() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("yes.log"), maxBytes: 1 << 20, keptFiles: 3)
            let supervisor = supervisor()
            let before = try #require(ProcessMemory.residentBytes())
            let started = try await supervisor.startContinuous(id: "yes", command: SupervisedCommand(command: "exec yes", directory: root, log: log), port: nil)
            let yes = try #require(started.first?.pid)
            // The flood never passes through the executor: `yes` writes into a pipe whose only
            // reader is its log writer, and this process holds no end of it.
            let pipe = try #require(ProcessMemory.descriptorTarget(pid: yes, fd: 1))
            #expect(pipe.hasPrefix("pipe:"), "\(pipe)")
            let writers = ProcessMemory.logWriters(of: log)
            #expect(writers.count == 1)
            var largest: UInt64 = 0
            var writerResident: UInt64 = 0
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                largest = max(largest, bytesOnDisk(log))
                writerResident = max(writerResident, writers.compactMap(ProcessMemory.residentBytes(of:)).max() ?? 0)
                try await Task.sleep(for: .milliseconds(100))
            }
            let after = try #require(ProcessMemory.residentBytes())
            let written = log.endOffset
            #expect(!ProcessMemory.descriptorTargets(pid: getpid()).contains(pipe), "the executor holds the run's output pipe")
            #expect(writers.contains { ProcessMemory.descriptorTargets(pid: $0).contains(pipe) }, "the writer reads the run's output pipe")
            await supervisor.stop(id: "yes")
            largest = max(largest, bytesOnDisk(log))
            print("yes for 10 s: \(written) bytes written, at most \(largest) on disk (cap \(log.maxBytes * (log.keptFiles + 1))), executor RSS \(before) -> \(after), writer RSS at most \(writerResident)")
            #expect(written > UInt64(log.maxBytes * 20), "yes wrote only \(written) bytes")
            #expect(largest <= UInt64(log.maxBytes * (log.keptFiles + 1)))
            #expect(!FileManager.default.fileExists(atPath: log.rotatedURL(log.keptFiles + 1).path))
            // RSS is printed only: the suites running beside this one in the process move it by
            // a hundred MB and more, which says nothing about the flood.
            #expect(writerResident < 16 << 20)
            #expect(log.tail(lines: 3).contains("y"))
        }
    }

    @Test func tailAndFollowSeeEveryLineAcrossRotations() async throws {
        try await withTemporaryDirectory { root in
            // 26 KB of rows through files of 4 KB: several rotations, each leaving a follower
            // (polling while other suites load the machine) 16 KB of room.
            let log = LogFile(url: root.appendingPathComponent("rows.log"), maxBytes: 4096, keptFiles: 3)
            let script = #"i=0; while [ $i -lt 3000 ]; do echo "row $i"; i=$((i+1)); [ $((i % 50)) = 0 ] && sleep 0.05; done; exec sleep 300"#
            let supervisor = supervisor()
            _ = try await supervisor.startContinuous(id: "rows", command: SupervisedCommand(command: script, directory: root, log: log), port: nil)
            // From the log's first byte: the first 50 rows may be written before this task runs.
            var offset = UInt64(0)
            var rows: [Int] = []
            let deadline = ContinuousClock.now + .seconds(60)
            while rows.last != 2999, ContinuousClock.now < deadline {
                let chunk = log.read(from: offset, maxBytes: 512)
                #expect(!chunk.skippedRotatedData)
                rows += chunk.lines.filter { $0.hasPrefix("row ") }.compactMap { Int($0.dropFirst(4)) }
                if chunk.nextOffset == offset { try await Task.sleep(for: .milliseconds(2)) }
                offset = chunk.nextOffset
            }
            #expect(log.baseOffset > 16 * 1024, "the log was rotated several times")
            #expect(rows == Array(0..<3000), "the follower saw \(rows.count) rows")
            #expect(log.tail(lines: 1) == ["row 2999"])
            await supervisor.stop(id: "rows")
        }
    }

    @Test func aSignalToTheRunsGroupLeavesItsWriterToWriteItsLastWords() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("term.log"))
            let script = "trap 'echo got TERM; exit 0' TERM; echo ready; while :; do sleep 0.05; done"
            let supervisor = supervisor()
            _ = try await supervisor.startContinuous(id: "term", command: SupervisedCommand(command: script, directory: root, log: log), port: nil)
            #expect(await eventually { log.tail(lines: 5).contains("ready") })
            await supervisor.stop(id: "term")
            #expect(log.tail(lines: 5).contains("got TERM"))
            // Once the run's processes are gone, so is its writer.
            #expect(await eventually { ProcessMemory.logWriters(of: log).isEmpty })
        }
    }

    @Test func aReAdoptedRunKeepsLoggingThroughTheWriterItStartedWith() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("tick.log"), maxBytes: 1024, keptFiles: 2)
            let command = SupervisedCommand(command: #"i=0; while :; do echo "tick $i"; i=$((i+1)); sleep 0.01; done"#, directory: root, log: log)
            let first = supervisor()
            let started = try await first.startContinuous(id: "tick", command: command, port: nil)
            let process = try RecordedProcess(pid: #require(started.first?.pid), startTime: #require(started.first?.startTime))
            // The executor lets go, as when it stops for a restart; the run goes on alone.
            await first.detachAll()
            let writer = try #require(ProcessMemory.logWriters(of: log).first)
            let offset = log.endOffset
            #expect(await eventually { log.endOffset > offset + 2048 }, "the run's output kept reaching its log after the executor let go")

            let second = supervisor()
            let adopted = try await second.adoptContinuous(id: "tick", command: command, port: nil, processes: [process])
            #expect(adopted.first?.adopted == true)
            let adoptedAt = log.endOffset
            #expect(await eventually { log.read(from: adoptedAt).lines.contains { $0.hasPrefix("tick ") } })
            #expect(ProcessMemory.logWriters(of: log) == [writer], "the adopted run keeps the writer it started with")
            for file in [log.url, log.rotatedURL(1), log.rotatedURL(2)] {
                #expect(LogFile.size(of: file) <= 1024)
            }

            // When it dies its writer ends with it, and its replacement logs through a new one.
            kill(process.pid, SIGKILL)
            #expect(await eventually { await second.replicas(of: "tick")?.first?.restarts == 1 })
            #expect(await eventually { !ProcessMemory.logWriters(of: log).contains(writer) })
            let restartedAt = log.endOffset
            #expect(await eventually { log.read(from: restartedAt).lines.contains { $0.hasPrefix("tick ") } })
            await second.stop(id: "tick")
        }
    }
}

/// Resident memory from `/proc`, and the log writers this process started.
enum ProcessMemory {
    /// `VmRSS` of `pid` in bytes (this process by default); nil when it is gone.
    static func residentBytes(of pid: pid_t? = nil) -> UInt64? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = UInt64(line.split(separator: " ")[1]) else { return nil }
        return kilobytes * 1024
    }

    /// What descriptor `fd` of `pid` is (`pipe:[123]`, a path); nil when it cannot be read.
    static func descriptorTarget(pid: pid_t, fd: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")
    }

    /// What every open descriptor of `pid` is.
    static func descriptorTargets(pid: pid_t) -> Set<String> {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return Set(fds.compactMap { Int32($0).flatMap { descriptorTarget(pid: pid, fd: $0) } })
    }

    /// Live children of this process that write `log`, by pid.
    static func logWriters(of log: LogFile) -> [pid_t] {
        let me = getpid()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(pid_t.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")"),
                  let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            // A zombie has ended in all but name.
            return fields.count > 1 && fields[0] != "Z" && pid_t(fields[1]) == me
                && arguments.first?.hasSuffix("/components-log-writer") == true && arguments.contains(log.url.path)
        }.sorted()
    }
}
