import Foundation
import Logging
import Testing

@testable import ExecutorService
@testable import LocalBackend

/// Scheduled runs and build commands are noted in the ledger while they run, so the next
/// executor ends what a killed one left behind, and only that.
@Suite struct ProcessLedgerTests {
    private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func aLeftoverIsEndedWithItsGroupAndForgotten() async throws {
        try await withTemporaryDirectory { root in
            // A shell whose child would outlive it, like a scheduled run's helpers.
            let pid = try ChildProcessSpawner.spawn(ChildSpawnRequest(
                executable: "/bin/sh", arguments: ["-c", "sleep 300 & wait"], environment: ChildEnvironment.make(), directory: root))
            let process = RecordedProcess(pid: pid, startTime: try #require(LinuxProcessInfo.startTime(of: pid)))
            let ledger = ProcessLedger(directory: root.appendingPathComponent("processes"))
            try ledger.started(process, what: "scheduled run of victim/cleanup")

            // The next executor: a new ledger over the same folder.
            let ended = await ProcessLedger(directory: ledger.directory).endLeftovers(logger: logger)
            #expect(ended == ["scheduled run of victim/cleanup"])
            _ = await ChildProcessWaiter.waitForExit(of: pid, killingGroup: true)
            #expect(!process.isRunning)
            #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.directory.path).isEmpty)
        }
    }

    @Test func anEndedProcessIsForgottenAndAReusedPidIsNotSignalled() async throws {
        try await withTemporaryDirectory { root in
            let ledger = ProcessLedger(directory: root.appendingPathComponent("processes"))
            let pid = try ChildProcessSpawner.spawn(ChildSpawnRequest(executable: "/bin/sleep", arguments: ["0.3"], environment: ChildEnvironment.make(), directory: root))
            let process = RecordedProcess(pid: pid, startTime: try #require(LinuxProcessInfo.startTime(of: pid)))
            try ledger.started(process, what: "build command of image x")
            _ = await ChildProcessWaiter.waitForExit(of: pid, killingGroup: true)
            ledger.ended(process)
            #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.directory.path).isEmpty)

            // An entry whose pid now belongs to another process (another start time): that
            // process is left alone, the entry dropped.
            let other = try ChildProcessSpawner.spawn(ChildSpawnRequest(executable: "/bin/sleep", arguments: ["300"], environment: ChildEnvironment.make(), directory: root))
            defer { _ = ChildProcessWaiter.signalGroup(other, SIGKILL) }
            let otherStart = try #require(LinuxProcessInfo.startTime(of: other))
            try ledger.started(RecordedProcess(pid: other, startTime: otherStart + 1), what: "an older process with that pid")
            FileManager.default.createFile(atPath: ledger.directory.appendingPathComponent("not-an-entry").path, contents: Data())
            #expect(await ledger.endLeftovers(logger: logger).isEmpty)
            #expect(LinuxProcessInfo.isRunning(pid: other, startTime: otherStart))
            #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.directory.path) == ["not-an-entry"])
            _ = ChildProcessWaiter.signalGroup(other, SIGKILL)
            _ = await ChildProcessWaiter.waitForExit(of: other, killingGroup: true)
        }
    }
}
