import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

@Suite struct SupervisorTests {
    private func supervisor() -> Supervisor {
        Supervisor(backoff: SupervisorBackoff(initial: .milliseconds(100), maximum: .seconds(1), stableAfter: .seconds(5)),
                   stopGracePeriod: .seconds(2), pollInterval: .milliseconds(50), logger: testLogger)
    }

    /// Starts `program` in a session of its own, not our child (as after an executor restart),
    /// and answers its pid, which it writes itself: `$!` would be setsid's, which may fork and
    /// exit. The shell waits for the file, since its group is killed when it ends.
    private func orphan(_ program: String, in root: URL) async throws -> Int32 {
        let pidFile = root.appendingPathComponent("orphan-\(UUID().uuidString).pid")
        try await shell("setsid sh -c 'echo $$ > \(pidFile.path).new; mv \(pidFile.path).new \(pidFile.path); exec \(program)' >/dev/null 2>&1 & "
                        + "while [ ! -s \(pidFile.path) ]; do sleep 0.01; done", in: root)
        return try #require(readPid(pidFile))
    }

    private func readPid(_ url: URL) -> Int32? {
        (try? String(contentsOf: url, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test func continuousProcessIsRestartedAfterKillWithANewPid() async throws {
        try await withTemporaryDirectory { root in
            try "web: echo \"port=$PORT greeting=$GREETING\"; exec sleep 300\n"
                .write(to: root.appendingPathComponent("Procfile"), atomically: true, encoding: .utf8)
            let log = LogFile(url: root.appendingPathComponent("logs/run.log"))
            let command = try await SupervisedCommand.resolving(command: "web", directory: root, environment: ["GREETING": "hi", "PORT": "1"], log: log)
            let supervisor = supervisor()
            let replicas = try await supervisor.startContinuous(id: "tool/web/1", command: command, port: 5123)
            let first = try #require(replicas.first?.pid)
            #expect(replicas.first?.startTime == LinuxProcessInfo.startTime(of: first))
            #expect(await eventually { log.tail(lines: 10).contains("port=5123 greeting=hi") })

            kill(first, SIGKILL)
            let restarted = await eventually {
                guard let replica = await supervisor.replicas(of: "tool/web/1")?.first, let pid = replica.pid else { return false }
                return pid != first && replica.restarts == 1
            }
            #expect(restarted)
            let replica = try #require(await supervisor.replicas(of: "tool/web/1")?.first)
            #expect(replica.lastExit == .signaled(SIGKILL))
            #expect(await eventually { log.tail(lines: 20).filter { $0.contains("port=5123") }.count == 2 })
            #expect(log.tail(lines: 20).contains { $0.contains("killed by signal 9") })

            await supervisor.stop(id: "tool/web/1")
            #expect(await supervisor.replicas(of: "tool/web/1") == nil)
            let lastPid = try #require(replica.pid)
            #expect(LinuxProcessInfo.startTime(of: lastPid) == nil)
        }
    }

    @Test func replicasGetConsecutivePorts() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"))
            let command = SupervisedCommand(command: "echo \"replica on $PORT\"; exec sleep 300", directory: root, log: log)
            let supervisor = supervisor()
            let replicas = try await supervisor.startContinuous(id: "r", command: command, port: 7000, replicas: 2)
            #expect(replicas.map(\.port) == [7000, 7001])
            #expect(Set(replicas.compactMap(\.pid)).count == 2)
            #expect(await eventually {
                let lines = log.tail(lines: 20)
                return lines.contains("replica on 7000") && lines.contains("replica on 7001")
            })
            await supervisor.stop(id: "r")
            for pid in replicas.compactMap(\.pid) { #expect(LinuxProcessInfo.startTime(of: pid) == nil) }
        }
    }

    @Test func stopKillsTheWholeProcessGroup() async throws {
        try await withTemporaryDirectory { root in
            let grandchildFile = root.appendingPathComponent("grandchild.pid")
            // The shell ignores SIGTERM, so stop must escalate to SIGKILL; its child must die too.
            let command = SupervisedCommand(command: "trap '' TERM; sleep 300 & echo $! > \(grandchildFile.path); wait",
                                            directory: root, log: LogFile(url: root.appendingPathComponent("run.log")))
            let supervisor = supervisor()
            let replicas = try await supervisor.startContinuous(id: "g", command: command, port: nil)
            let leader = try #require(replicas.first?.pid)
            #expect(await eventually { readPid(grandchildFile) != nil })
            let grandchild = try #require(readPid(grandchildFile))
            #expect(LinuxProcessInfo.startTime(of: grandchild) != nil)

            let started = ContinuousClock.now
            await supervisor.stop(id: "g", grace: .milliseconds(300))
            // Far from the 300 s sleep (generous: the suite shares 2 loaded cores).
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(LinuxProcessInfo.startTime(of: leader) == nil)
            #expect(await eventually(timeout: .seconds(30)) { LinuxProcessInfo.startTime(of: grandchild) == nil })
        }
    }

    @Test func oneOffSucceedsFailsAndTimesOut() async throws {
        try await withTemporaryDirectory { root in
            let supervisor = supervisor()
            let ok = try await supervisor.runOnce(SupervisedCommand(command: "echo migrated", directory: root,
                                                                    log: LogFile(url: root.appendingPathComponent("ok.log"))), timeout: .seconds(10))
            #expect(ok.succeeded)
            #expect(ok.lastLines.contains("migrated"))

            let failed = try await supervisor.runOnce(SupervisedCommand(command: "echo 'table missing'; exit 4", directory: root,
                                                                        log: LogFile(url: root.appendingPathComponent("fail.log"))), timeout: .seconds(10))
            #expect(!failed.succeeded)
            #expect(failed.status == .exited(4))
            #expect(failed.lastLines.last == "table missing")

            let grandchildFile = root.appendingPathComponent("gc.pid")
            let started = ContinuousClock.now
            let slow = try await supervisor.runOnce(
                SupervisedCommand(command: "sleep 300 & echo $! > \(grandchildFile.path); echo waiting; wait", directory: root,
                                  log: LogFile(url: root.appendingPathComponent("slow.log"))),
                timeout: .milliseconds(400))
            #expect(slow.timedOut)
            #expect(!slow.succeeded)
            #expect(slow.lastLines.contains("waiting"))
            // Far from the 300 s sleep (generous: the suite shares 2 loaded cores).
            #expect(ContinuousClock.now - started < .seconds(60))
            let grandchild = try #require(readPid(grandchildFile))
            #expect(await eventually(timeout: .seconds(30)) { LinuxProcessInfo.startTime(of: grandchild) == nil })
        }
    }

    @Test func cancellingAOneOffKillsIt() async throws {
        try await withTemporaryDirectory { root in
            let supervisor = supervisor()
            let pidBox = PidBox()
            let task = Task {
                try await supervisor.runOnce(SupervisedCommand(command: "exec sleep 300", directory: root,
                                                               log: LogFile(url: root.appendingPathComponent("c.log"))),
                                             timeout: .seconds(60)) { pidBox.set($0.pid) }
            }
            #expect(await eventually { pidBox.get() != nil })
            task.cancel()
            await #expect(throws: LocalBackendError.self) { try await task.value }
            let pid = try #require(pidBox.get())
            #expect(LinuxProcessInfo.startTime(of: pid) == nil)
        }
    }

    @Test func adoptsALiveProcessByStartTimeAndRefusesAnImpostor() async throws {
        try await withTemporaryDirectory { root in
            // A process that is not our child and leads its own group, as after an executor restart.
            let orphan = try await orphan("sleep 300", in: root)
            let startTime = try #require(LinuxProcessInfo.startTime(of: orphan))
            let recorded = RecordedProcess(pid: orphan, startTime: startTime)
            #expect(recorded.isRunning)

            let log = LogFile(url: root.appendingPathComponent("run.log"))
            let command = SupervisedCommand(command: "exec sleep 300", directory: root, log: log)
            let supervisor = supervisor()

            // A wrong start time means another process: not adopted, not touched, a new one started.
            let impostor = RecordedProcess(pid: orphan, startTime: startTime + 1)
            #expect(!impostor.isRunning)
            #expect(await supervisor.terminate(impostor) == false)
            let fresh = try await supervisor.adoptContinuous(id: "imp", command: command, port: nil, processes: [impostor])
            #expect(fresh.first?.adopted == false)
            #expect(fresh.first?.pid != orphan)
            #expect(recorded.isRunning)
            await supervisor.stop(id: "imp")

            let adopted = try await supervisor.adoptContinuous(id: "a", command: command, port: nil, processes: [recorded])
            #expect(adopted.first?.adopted == true)
            #expect(adopted.first?.pid == orphan)

            // When the adopted process dies, the supervisor notices by polling and starts its own.
            kill(orphan, SIGKILL)
            #expect(await eventually {
                guard let replica = await supervisor.replicas(of: "a")?.first, let pid = replica.pid else { return false }
                return pid != orphan && !replica.adopted
            })
            await supervisor.stop(id: "a")
        }
    }

    @Test func stopOfAnAdoptedProcessWaitsUntilItIsGone() async throws {
        try await withTemporaryDirectory { root in
            let orphan = try await orphan("sh -c \"trap \\\"\\\" TERM; exec sleep 300\"", in: root)
            // The pid is written before the trap is set: a SIGTERM before the exec would end it.
            #expect(await eventually(timeout: .seconds(10)) {
                (try? String(contentsOfFile: "/proc/\(orphan)/comm", encoding: .utf8)) == "sleep\n"
            })
            let recorded = RecordedProcess(pid: orphan, startTime: try #require(LinuxProcessInfo.startTime(of: orphan)))
            let supervisor = supervisor()
            _ = try await supervisor.adoptContinuous(id: "a", command: SupervisedCommand(command: "sleep 300", directory: root,
                                                                                         log: LogFile(url: root.appendingPathComponent("r.log"))),
                                                     port: nil, processes: [recorded])
            let started = ContinuousClock.now
            await supervisor.stop(id: "a", grace: .milliseconds(300))
            #expect(!recorded.isRunning)
            // It ignores SIGTERM: only the SIGKILL after the grace period ended it.
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }

    @Test func detachThenAdoptAgainStartsOneReplacementOnly() async throws {
        try await withTemporaryDirectory { root in
            let log = LogFile(url: root.appendingPathComponent("run.log"))
            let command = SupervisedCommand(command: "exec sleep 300", directory: root, log: log)
            let supervisor = supervisor()
            let first = try await supervisor.startContinuous(id: "x", command: command, port: nil)
            let pid = try #require(first.first?.pid)
            let startTime = try #require(first.first?.startTime)
            await supervisor.detachAll()
            #expect(LinuxProcessInfo.isRunning(pid: pid, startTime: startTime))

            let adopted = try await supervisor.adoptContinuous(id: "x", command: command, port: nil,
                                                               processes: [RecordedProcess(pid: pid, startTime: startTime)])
            #expect(adopted.first?.adopted == true)
            kill(pid, SIGKILL)
            #expect(await eventually { await supervisor.replicas(of: "x")?.first?.restarts == 1 })
            try await Task.sleep(for: .milliseconds(300))
            // The detached loop of the first run must not start a process of its own.
            #expect(log.tail(lines: 50).filter { $0.hasPrefix("==> Started process") }.count == 2)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await supervisor.stop(id: "x") }
                group.addTask { await supervisor.stop(id: "x") }
            }
            #expect(await supervisor.runIDs.isEmpty)
        }
    }

    @Test func terminateStopsARecordedProcess() async throws {
        try await withTemporaryDirectory { root in
            let pid = try await orphan("sleep 300", in: root)
            let recorded = RecordedProcess(pid: pid, startTime: try #require(LinuxProcessInfo.startTime(of: pid)))
            #expect(await supervisor().terminate(recorded, grace: .seconds(1)))
            #expect(!recorded.isRunning)
        }
    }

    @Test func startFailsClearlyForAMissingFolderAndDuplicateIDs() async throws {
        try await withTemporaryDirectory { root in
            let supervisor = supervisor()
            let log = LogFile(url: root.appendingPathComponent("run.log"))
            await #expect {
                try await supervisor.startContinuous(id: "m", command: SupervisedCommand(command: "true", directory: root.appendingPathComponent("gone"), log: log), port: nil)
            } throws: { error in
                (error as? LocalBackendError)?.code == .spawnFailed
            }
            _ = try await supervisor.startContinuous(id: "d", command: SupervisedCommand(command: "exec sleep 300", directory: root, log: log), port: nil)
            await #expect {
                try await supervisor.startContinuous(id: "d", command: SupervisedCommand(command: "exec sleep 300", directory: root, log: log), port: nil)
            } throws: { error in
                (error as? LocalBackendError)?.code == .alreadyRunning
            }
            await supervisor.stopAll()
            #expect(await supervisor.runIDs.isEmpty)
        }
    }
}

/// A pid shared with a callback.
private final class PidBox: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: Int32?
    func set(_ value: Int32) { lock.withLock { pid = value } }
    func get() -> Int32? { lock.withLock { pid } }
}
