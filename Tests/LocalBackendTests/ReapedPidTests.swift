import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

/// Once a child is reaped its pid may belong to anyone: a late stop or timeout must not
/// signal it, and what the leader left in its group is killed before it is reaped.
@Suite(.serialized) struct ReapedPidTests {
    private func sleeper(in root: URL) throws -> pid_t {
        try ChildProcessSpawner.spawn(ChildSpawnRequest(
            executable: "/bin/sleep", arguments: ["300"], environment: ChildEnvironment.make(), directory: root,
            output: .file(root.appendingPathComponent("out.log"))))
    }

    @Test func aReapedPidIsNeverSignalledAgain() async throws {
        try await withTemporaryDirectory { root in
            let pid = try sleeper(in: root)
            #expect(ChildProcessWaiter.signalGroup(pid, 0))
            #expect(ChildProcessWaiter.signalGroup(pid, SIGKILL))
            #expect(await ChildProcessWaiter.waitForExit(of: pid) == .signaled(SIGKILL))
            // Whoever has the number now, a late stop or timeout sends nothing.
            #expect(!ChildProcessWaiter.signalGroup(pid, SIGKILL))
        }
    }

    @Test func whatTheLeaderLeftInItsGroupIsKilledBeforeItIsReaped() async throws {
        try await withTemporaryDirectory { root in
            let marker = root.appendingPathComponent("grandchild")
            let pid = try ChildProcessSpawner.spawn(ChildSpawnRequest(
                executable: "/bin/sh", arguments: ["-c", "sleep 300 & echo $! > \(marker.path)"], environment: ChildEnvironment.make(),
                directory: root, output: .file(root.appendingPathComponent("out.log"))))
            #expect(await ChildProcessWaiter.waitForExit(of: pid, killingGroup: true).isSuccess)
            let grandchild = try #require(Int32(try String(contentsOf: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(await eventually(timeout: .seconds(10)) { LinuxProcessInfo.startTime(of: grandchild) == nil })
        }
    }
}
