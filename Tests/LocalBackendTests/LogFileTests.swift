import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

@Suite struct LogFileTests {
    @Test func tailsAcrossRotations() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("logs/run.log"), maxBytes: 1024, keptFiles: 2)
            for index in 0..<1000 { try log.append(line: "line \(index)") }
            // 1000 lines of ~9 bytes: several rotations; only the newest three files remain.
            #expect(FileManager.default.fileExists(atPath: log.rotatedURL(1).path))
            #expect(FileManager.default.fileExists(atPath: log.rotatedURL(2).path))
            #expect(!FileManager.default.fileExists(atPath: log.rotatedURL(3).path))
            #expect(LogFile.size(of: log.url) <= 1024)
            #expect(log.tail(lines: 3) == ["line 997", "line 998", "line 999"])
            let many = log.tail(lines: 150)
            #expect(many.count == 150)
            #expect(many.first == "line 850")
            #expect(many.last == "line 999")
            // More lines than kept: what is there, oldest first, consecutive.
            let all = log.tail(lines: 10_000)
            #expect(all.last == "line 999")
            let numbers = all.compactMap { Int($0.dropFirst(5)) }
            #expect(numbers.count == all.count && numbers.count < 1000)
            #expect(numbers == Array(numbers.first!...999))
        }
    }

    @Test func aHugeTailReadsAtMostMaxBytes() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"), maxBytes: 64 * 1024, keptFiles: 3)
            for index in 0..<20_000 { try log.append(line: "line \(String(format: "%06d", index))") }
            let chunk = log.lastLines(Int.max, maxBytes: 16 * 1024)
            #expect(chunk.lines.last == "line 019999")
            #expect(chunk.lines.count > 1_000)
            #expect(chunk.lines.reduce(0) { $0 + $1.utf8.count + 1 } <= 16 * 1024)
            #expect(chunk.nextOffset == log.endOffset)
        }
    }

    @Test func followsByOffsetAcrossRotationAndHoldsBackPartialLines() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"), maxBytes: 1024, keptFiles: 3)
            try log.prepare()
            var offset: UInt64 = 0
            var seen: [String] = []
            func drain() {
                while true {
                    let chunk = log.read(from: offset, maxBytes: 100)
                    seen += chunk.lines
                    if chunk.nextOffset == offset { break }
                    offset = chunk.nextOffset
                }
            }
            for index in 0..<50 { try log.append(line: "first \(index)") }
            drain()
            #expect(seen.count == 50)
            for index in 0..<120 { try log.append(line: "second \(index)") }
            #expect(log.baseOffset > 0)
            drain()
            #expect(seen.count == 170)
            #expect(seen.last == "second 119")
            #expect(offset == log.endOffset)

            // A line being written is held back until its newline, unless asked for.
            let handle = try FileHandle(forWritingTo: log.url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("partial".utf8))
            try handle.close()
            #expect(log.read(from: offset).lines.isEmpty)
            #expect(log.read(from: offset, includePartialLine: true).lines == ["partial"])
        }
    }

    @Test func lastLinesEndWhereAFollowerGoesOn() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"), maxBytes: 1024, keptFiles: 3)
            for index in 0..<200 { try log.append(line: "line \(index)") }
            #expect(log.baseOffset > 0)
            let handle = try FileHandle(forWritingTo: log.url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("partial".utf8))

            let tail = log.lastLines(3)
            #expect(tail.lines == ["line 197", "line 198", "line 199"])
            #expect(tail.nextOffset == log.endOffset - UInt64("partial".utf8.count))
            #expect(log.lastLines(1, includePartialLine: true).lines == ["partial"])

            // The line being written when the tail was taken arrives whole, once.
            try handle.write(contentsOf: Data(" end\n".utf8))
            try handle.close()
            try log.append(line: "line 200")
            #expect(log.read(from: tail.nextOffset).lines == ["partial end", "line 200"])
            // More lines than the files hold: what is kept, and the end.
            let all = log.lastLines(10_000)
            #expect(all.lines.last == "line 200")
            #expect(all.nextOffset == log.endOffset)
        }
    }

    @Test func offsetThatWasRotatedAwayStartsAtTheOldestKept() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"), maxBytes: 1024, keptFiles: 1)
            for index in 0..<2000 { try log.append(line: "l\(index)") }
            let chunk = log.read(from: 0)
            #expect(chunk.skippedRotatedData)
            #expect(!chunk.lines.isEmpty)
            #expect(chunk.nextOffset > 0)
        }
    }

    @Test func rotatesWhileAChildProcessWritesIt() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("child.log"), maxBytes: 4096, keptFiles: 3)
            let request = ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", "i=0; while [ $i -lt 3000 ]; do echo \"row $i\"; i=$((i+1)); done"],
                                            environment: ChildEnvironment.make(), output: .log(log))
            let status = try await LocalCommandRunner.run(request, timeout: .seconds(20))
            #expect(status.isSuccess)
            for file in [log.url] + (1...3).map(log.rotatedURL) {
                #expect(LogFile.size(of: file) <= 4096)
            }
            #expect(log.tail(lines: 1) == ["row 2999"])
            // Rotated at line ends: every line kept is whole, and they follow each other.
            let rows = log.tail(lines: 10_000).compactMap { Int($0.dropFirst(4)) }
            #expect(rows.last == 2999 && rows == Array(rows.first!...2999))
        }
    }

    @Test func theExecutorsLinesAndAWritersShareTheCap() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("shared.log"), maxBytes: 1024, keptFiles: 2)
            let request = ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", "i=0; while [ $i -lt 2000 ]; do echo \"child $i\"; i=$((i+1)); done"],
                                            environment: ChildEnvironment.make(), output: .log(log))
            async let child = LocalCommandRunner.run(request, timeout: .seconds(20))
            for index in 0..<500 { try log.append(line: "executor \(index)") }
            #expect(try await child.isSuccess)
            for file in [log.url] + (1...2).map(log.rotatedURL) {
                #expect(LogFile.size(of: file) <= 1024)
            }
            #expect(!FileManager.default.fileExists(atPath: log.rotatedURL(3).path))
            // Every line kept is one of the two writers', whole.
            #expect(log.tail(lines: 10_000).allSatisfy { $0.hasPrefix("child ") || $0.hasPrefix("executor ") })
        }
    }
}
