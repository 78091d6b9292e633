import Foundation
import Testing
import ToolConfig

@testable import ExecutorService
@testable import LocalBackend

#if canImport(Glibc)
import Glibc
#endif

/// What a process sees in its bubblewrap sandbox, and how stops reach it.
@Suite struct SandboxTests {
    /// A command of tool `demo` in `app`, sandboxed, with its home in `state/homes`.
    private func command(_ text: String, state: URL, app: URL, mount: Bool = true, environment: [String: String] = [:]) throws -> SupervisedCommand {
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        let home = mount ? try ToolHomes(directory: state.appendingPathComponent("homes")).home(of: "demo") : nil
        return SupervisedCommand(command: text, directory: app, environment: environment, log: LogFile(url: state.appendingPathComponent("run.log")),
                                 sandbox: .bubblewrap(), profile: SandboxProfile(tool: "demo", home: home, appDirectory: app, appWritable: false))
    }

    @Test func bubblewrapGetsNoneOfTheToolsEnvironment() {
        let request = Sandbox.bubblewrap().wrap(
            ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", "true"], environment: ["LD_PRELOAD": "/app/evil.so", "HOME": "/root"]),
            as: SandboxProfile(tool: "demo", home: nil, appDirectory: URL(fileURLWithPath: "/srv/app"), appWritable: false))
        #expect(request.environment == ["PATH": "/usr/bin:/bin"])
        #expect(request.arguments.contains("--clearenv"))
        #expect(!request.arguments.contains("/root"))
        // The host's root is never bound as a whole.
        let binds = request.arguments.indices.filter { ["--bind", "--ro-bind"].contains(request.arguments[$0]) }
        #expect(!binds.contains { request.arguments[$0 + 1] == "/" })
    }

    @Test func seesItsImageHomeAndNothingOfTheExecutor() async throws {
        try await withTemporaryDirectory { state in
            let app = state.appendingPathComponent("image/app")
            try "hello\n".write(to: app.appendingPathComponent("file.txt", isDirectory: false), atomically: true, encoding: .utf8, createFolder: true)
            let script = """
                echo "pwd=$(pwd) home=$HOME data=$TOOL_DATA_DIR host=$(hostname) tmp=$TMPDIR"
                cat file.txt
                echo persisted > "$HOME/note"
                ls /proc | grep -c '^[0-9]' | sed 's/^/pids=/'
                test -e /root/. || echo no-root
                test -e '\(state.path)' || echo no-state
                env | grep -c '=\(FileManager.default.homeDirectoryForCurrentUser.path)$' | sed 's/^/leaked=/'
                """
            let supervisor = Supervisor(logger: testLogger)
            let result = try await supervisor.runOnce(try command(script, state: state, app: app), timeout: .seconds(20))
            let log = result.lastLines.joined(separator: "\n")
            #expect(result.succeeded, "\(log)")
            #expect(log.contains("pwd=/app home=/data/project/demo data=/data/project/demo host=demo tmp=/tmp"))
            #expect(log.contains("hello"))
            #expect(log.contains("no-root") && log.contains("no-state") && log.contains("leaked=0"))
            // The sandbox's PID 1 (bwrap), the shell and what it runs: nothing of the host.
            let pids = log.split(separator: "\n").first { $0.hasPrefix("pids=") }.flatMap { Int($0.dropFirst(5)) } ?? 999
            #expect(pids < 6)
            #expect(try String(contentsOf: state.appendingPathComponent("homes/demo/note"), encoding: .utf8) == "persisted\n")
        }
    }

    @Test func mountNoneGivesAPrivateEmptyHome() async throws {
        try await withTemporaryDirectory { state in
            let app = state.appendingPathComponent("image/app")
            let supervisor = Supervisor(logger: testLogger)
            let result = try await supervisor.runOnce(
                try command("echo \"home=$HOME data=${TOOL_DATA_DIR:-unset}\"; ls -A \"$HOME\" | wc -l | sed 's/^/entries=/'; touch \"$HOME/x\"",
                            state: state, app: app, mount: false),
                timeout: .seconds(20))
            let log = result.lastLines.joined(separator: "\n")
            #expect(result.succeeded, "\(log)")
            #expect(log.contains("home=/home/demo data=unset"))
            #expect(log.contains("entries=0"))
            #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("homes/demo").path))
        }
    }

    /// The stop's SIGTERM reaches the program (bwrap ignores it), which may end gracefully.
    @Test func stopLetsTheProgramEndGracefully() async throws {
        try await withTemporaryDirectory { state in
            let app = state.appendingPathComponent("image/app")
            let supervisor = Supervisor(stopGracePeriod: .seconds(10), logger: testLogger)
            let text = "trap 'sleep 0.3; echo graceful > \"$HOME/stopped\"; exit 0' TERM; echo ready > \"$HOME/ready\"; while true; do sleep 0.05; done"
            _ = try await supervisor.startContinuous(id: "demo/web", command: try command(text, state: state, app: app), port: nil)
            let home = state.appendingPathComponent("homes/demo")
            #expect(await eventually(timeout: .seconds(10)) { FileManager.default.fileExists(atPath: home.appendingPathComponent("ready").path) })
            await supervisor.stop(id: "demo/web")
            #expect(try String(contentsOf: home.appendingPathComponent("stopped"), encoding: .utf8) == "graceful\n")
        }
    }

    /// A sandboxed run cannot end the log writer that caps its output: the writer is outside
    /// its PID namespace, so SIGKILL to every process it can see (but its own ancestors) and
    /// to every process named like the writer misses it, and the writer goes on writing what
    /// the run prints afterwards.
    @Test func aRunCannotKillItsLogWriter() async throws {
        try await withTemporaryDirectory { state in
            let app = state.appendingPathComponent("image/app")
            let attack = """
                w=components-log-; w=${w}writer; pkill -9 -f "$w"; killall -9 "$w" 2>/dev/null
                mine=" "; a=$$; while [ "$a" -gt 0 ]; do mine="$mine$a "; a=$(cut -d' ' -f4 /proc/$a/stat); done
                for p in /proc/[0-9]*; do n=${p#/proc/}; case "$mine" in *" $n "*) ;; *) kill -9 "$n" 2>/dev/null;; esac; done
                echo attacked; i=0; while true; do echo "after $i"; i=$((i+1)); sleep 0.1; done
                """
            let command = try command(attack, state: state, app: app)
            let supervisor = Supervisor(stopGracePeriod: .seconds(2), logger: testLogger)
            _ = try await supervisor.startContinuous(id: "demo/web", command: command, port: nil)
            let writers = ProcessMemory.logWriters(of: command.log)
            #expect(writers.count == 1)
            #expect(await eventually(timeout: .seconds(10)) { command.log.tail(lines: 50).contains("after 10") },
                    "the run's lines after its attack reach the log: \(command.log.tail(lines: 5))")
            #expect(ProcessMemory.logWriters(of: command.log) == writers, "the same writer still runs")
            await supervisor.stop(id: "demo/web")
        }
    }

    /// A continuous run left running by one executor is re-adopted by the next (by bwrap's
    /// pid) and its stop still ends everything in the sandbox, `setsid` escapes included.
    @Test func reAdoptedRunStopsWholly() async throws {
        try await withTemporaryDirectory { state in
            let app = state.appendingPathComponent("image/app")
            let escapee = "sleep \(Int.random(in: 900_000...999_999))"
            defer { for pid in processes(withCommandLine: escapee) { kill(pid, SIGKILL) } }
            let command = try command("setsid \(escapee) & exec sleep 600", state: state, app: app)
            let first = Supervisor(logger: testLogger)
            let started = try await first.startContinuous(id: "demo/web", command: command, port: nil)
            #expect(await eventually(timeout: .seconds(10)) { !processes(withCommandLine: escapee).isEmpty })
            await first.detachAll()
            let recorded = started.compactMap { replica in replica.pid.map { RecordedProcess(pid: $0, startTime: replica.startTime ?? 0) } }
            let second = Supervisor(stopGracePeriod: .seconds(2), logger: testLogger)
            let adopted = try await second.adoptContinuous(id: "demo/web", command: command, port: nil, processes: recorded)
            #expect(adopted.allSatisfy { $0.adopted })
            await second.stop(id: "demo/web")
            #expect(await eventually(timeout: .seconds(5)) { processes(withCommandLine: escapee).isEmpty })
            #expect(!recorded.contains { $0.isRunning })
        }
    }

    /// With a ``ToolIdentity`` the program runs as that user, owns its home, reads its image.
    @Test(.enabled(if: geteuid() == 0, "switching users needs root"))
    func runsAsTheToolsOwnUser() async throws {
        try await withTemporaryDirectory { state in
            let app = state.appendingPathComponent("image/app")
            try "hello\n".write(to: app.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8, createFolder: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: app.appendingPathComponent("file.txt").path)
            let identity = ToolIdentity(uid: 200_123)
            try identity.own(app)
            var command = try command("id -u; id -G; cat file.txt; touch \"$HOME/mine\" /tmp/t && echo wrote; cat /etc/shadow || echo no-shadow", state: state, app: app)
            let home = try ToolHomes(directory: state.appendingPathComponent("homes")).home(of: "demo", owner: identity)
            command.profile?.identity = identity
            let result = try await Supervisor(logger: testLogger).runOnce(command, timeout: .seconds(20))
            let log = result.lastLines.joined(separator: "\n")
            #expect(result.succeeded, "\(log)")
            #expect(log.contains("200123\n200123\nhello\nwrote"))
            #expect(log.contains("no-shadow"))
            let owner = try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("mine").path)[.ownerAccountID] as? NSNumber
            #expect(owner?.uint32Value == 200_123)
        }
    }

    /// A snapshot's symlinks (to `/etc`, say) are given away themselves, never what they name.
    @Test(.enabled(if: geteuid() == 0, "changing owners needs root"))
    func owningAnImageNeverFollowsItsSymlinks() async throws {
        try await withTemporaryDirectory { root in
            let outside = root.appendingPathComponent("outside")
            try "x".write(to: outside.appendingPathComponent("file"), atomically: true, encoding: .utf8, createFolder: true)
            let app = root.appendingPathComponent("app")
            try "y".write(to: app.appendingPathComponent("sub/own"), atomically: true, encoding: .utf8, createFolder: true)
            try FileManager.default.createSymbolicLink(atPath: app.appendingPathComponent("link").path, withDestinationPath: outside.path)
            try FileManager.default.createSymbolicLink(atPath: app.appendingPathComponent("sub/filelink").path,
                                                       withDestinationPath: outside.appendingPathComponent("file").path)
            try ToolIdentity(uid: 200_124).own(app)
            func owner(_ url: URL) throws -> UInt32? {
                (try FileManager.default.attributesOfItem(atPath: url.path)[.ownerAccountID] as? NSNumber)?.uint32Value
            }
            #expect(try owner(app.appendingPathComponent("sub/own")) == 200_124)
            #expect(try owner(outside) == 0)
            #expect(try owner(outside.appendingPathComponent("file")) == 0)
        }
    }

    /// An image built before `--tool-uid-range` was set is given to the tool's user at its
    /// next run, which can then read it.
    @Test(.enabled(if: geteuid() == 0, "switching users needs root"))
    func imageBuiltBeforeToolUsersIsGivenToTheTool() async throws {
        try await withTemporaryDirectory { root in
            let state = root.appendingPathComponent("executor")
            let repository = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["app.txt": "content\n"])
            let before = LocalBackend(stateDirectory: state, allowLocalRepositories: true, logger: testLogger)
            let image = try await before.build(BuildJob(repository: repository.url, commit: try await repository.head(), path: nil, command: nil,
                                                        logFile: root.appendingPathComponent("build.log"), tool: "demo"))
            // As an executor with umask 077 leaves them.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: image.path.appendingPathComponent("app.txt").path)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: image.path.path)
            let after = LocalBackend(stateDirectory: state, allowLocalRepositories: true, toolUIDRange: 200_200...200_210, logger: testLogger)
            let log = root.appendingPathComponent("run.log")
            _ = try await after.run(RunJob(tool: "demo", component: "job", type: .oneOff, image: image,
                                           run: RunSpec(command: "id -u; cat app.txt", timeoutSeconds: 20), env: [:], logFile: log, replacing: []))
            #expect(try String(contentsOf: log, encoding: .utf8).contains("200200\ncontent\n"))
        }
    }

    @Test func toolsGetDistinctRecordedUsers() async throws {
        try await withTemporaryDirectory { state in
            let file = state.appendingPathComponent("tool-uids.json")
            let first = ToolIdentities(range: 300_000...300_001, file: file)
            let a = try await first.identity(of: "a")
            let b = try await first.identity(of: "b")
            #expect(a != b)
            #expect(try await first.identity(of: "a") == a)
            await #expect(throws: LocalBackendError.self) { try await first.identity(of: "c") }
            let again = ToolIdentities(range: 300_000...300_001, file: file)
            #expect(try await again.identity(of: "b") == b)
        }
    }

    @Test func missingBubblewrapIsRefusedWithTheWayOut() async throws {
        do {
            try await Sandbox.bubblewrap(at: "/nonexistent/bwrap").check()
            Issue.record("a missing bwrap passed the check")
        } catch {
            #expect(error.code == .sandboxUnavailable)
            #expect(error.message.contains("apt-get install bubblewrap"))
            #expect(error.message.contains("--sandbox none"))
        }
    }
}

private extension String {
    func write(to url: URL, atomically: Bool, encoding: String.Encoding, createFolder: Bool) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try write(to: url, atomically: atomically, encoding: encoding)
    }
}
