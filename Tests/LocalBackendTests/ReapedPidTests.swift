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

    /// A group that is not our child, as an earlier executor's: a leader (setsid) and one
    /// member; answers both, with their start times.
    private func foreignGroup(in root: URL) async throws -> (leader: RecordedProcess, member: RecordedProcess) {
        let pids = root.appendingPathComponent("pids")
        // The shell waits for the file: its group is killed when it ends, and setsid may not have run yet.
        try await shell("setsid sh -c 'sleep 300 & echo $$ $! > \(pids.path).new; mv \(pids.path).new \(pids.path); exec sleep 300' >/dev/null 2>&1 & "
                        + "while [ ! -s \(pids.path) ]; do sleep 0.01; done", in: root)
        let numbers = try String(contentsOf: pids, encoding: .utf8).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        try #require(numbers.count == 2)
        let leader = RecordedProcess(pid: numbers[0], startTime: try #require(LinuxProcessInfo.startTime(of: numbers[0])))
        let member = RecordedProcess(pid: numbers[1], startTime: try #require(LinuxProcessInfo.startTime(of: numbers[1])))
        #expect(LinuxProcessInfo.group(of: member.pid) == leader.pid)
        return (leader, member)
    }

    @Test func aPidThatIsNoLongerTheRecordedProcessIsNeverSignalled() async throws {
        try await withTemporaryDirectory { root in
            let (stranger, member) = try await foreignGroup(in: root)
            defer { _ = kill(-stranger.pid, SIGKILL) }
            // A record of that pid from before it was reaped and reused: another start time,
            // last seen alive before the stranger and its group member started.
            let stale = RecordedProcess(pid: stranger.pid, startTime: stranger.startTime - 1)
            #expect(!stale.signalGroup(SIGKILL, lastSeenAlive: stranger.startTime - 1))
            #expect(await Supervisor(logger: testLogger).terminate(stale, grace: .milliseconds(100)) == false)
            try await Task.sleep(for: .milliseconds(200))
            #expect(stranger.isRunning)
            #expect(member.isRunning)
        }
    }

    @Test func whatAGoneLeaderLeftInItsGroupIsKilledButNotItsPid() async throws {
        try await withTemporaryDirectory { root in
            let (leader, member) = try await foreignGroup(in: root)
            defer { _ = kill(member.pid, SIGKILL) }
            let lastSeenAlive = LinuxProcessInfo.ticksSinceBoot()
            #expect(leader.isRunning)
            // The leader ends and is reaped by someone else; its pid is nobody's or anybody's.
            kill(leader.pid, SIGKILL)
            #expect(await eventually { !leader.isRunning })
            #expect(leader.signalGroup(SIGKILL, lastSeenAlive: lastSeenAlive))
            #expect(await eventually { !member.isRunning })
        }
    }

    @Test func anAdoptedReplicaThatDiedIsNotSignalledAgainWhenItIsReplaced() async throws {
        try await withTemporaryDirectory { root in
            let (leader, member) = try await foreignGroup(in: root)
            defer { _ = kill(member.pid, SIGKILL) }
            let supervisor = Supervisor(backoff: SupervisorBackoff(initial: .seconds(30)), pollInterval: .milliseconds(20), logger: testLogger)
            let command = SupervisedCommand(command: "exec sleep 300", directory: root, log: LogFile(url: root.appendingPathComponent("run.log")))
            let adopted = try await supervisor.adoptContinuous(id: "a", command: command, port: nil, processes: [leader])
            #expect(adopted.first?.adopted == true)
            kill(leader.pid, SIGKILL)
            // Noticed by polling: the group's member goes, the run waits to restart.
            #expect(await eventually { await supervisor.replicas(of: "a")?.first?.pid == nil })
            #expect(await eventually { !member.isRunning })
            await supervisor.stop(id: "a")
        }
    }
}
