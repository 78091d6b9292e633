import Foundation
import Testing
import ToolConfig

@testable import ExecutorService
@testable import LocalBackend

#if canImport(Glibc)
import Glibc
#endif

/// Mallory, a tool on the same executor as victim, attacks with its components; each attack
/// must fail and leave victim's process and files as they were (``TenantFixture`` checks
/// that after each test). Real bubblewrap sandboxes.
@Suite(.serialized) struct HostileTenantSandboxTests {
    /// Each attack reads a host path with its secret; the attack must fail and print nothing of it.
    private func expectUnreadable(_ paths: [String], in fixture: TenantFixture) async throws {
        for path in paths {
            let attack = try await fixture.malloryOneOff("cat '\(path)'")
            #expect(!attack.succeeded, "mallory read \(path)")
            #expect(!attack.log.contains(TenantFixture.secret), "mallory's log shows the content of \(path)")
        }
    }

    @Test func cannotReadVictimsHome() async throws {
        try await TenantFixture.with { fixture in
            try await expectUnreadable([fixture.victimHomeFile.path, "/data/project/victim/secret.txt"], in: fixture)
        }
    }

    @Test func cannotReadVictimsLog() async throws {
        try await TenantFixture.with { fixture in
            try await expectUnreadable([fixture.victimLog.path], in: fixture)
        }
    }

    @Test func cannotReadOrChangeVictimsSnapshot() async throws {
        try await TenantFixture.with { fixture in
            let script = fixture.victimImage.path.appendingPathComponent("app.sh").path
            try await expectUnreadable([script], in: fixture)
            let overwrite = try await fixture.malloryOneOff("echo 'echo pwned' > '\(script)'")
            #expect(!overwrite.succeeded)
        }
    }

    @Test func cannotReadTheExecutorsStateOrTheConfigDatabase() async throws {
        try await TenantFixture.with { fixture in
            try await expectUnreadable([fixture.configDatabase.path], in: fixture)
            let listing = try await fixture.malloryOneOff("ls -R '\(fixture.state.path)'")
            #expect(!listing.succeeded)
            #expect(!listing.log.contains("victim"))
        }
    }

    @Test func cannotReadTheDaemonsHome() async throws {
        try await TenantFixture.with { fixture in
            try await expectUnreadable([fixture.daemonHomeMarker.path], in: fixture)
            let home = try await fixture.malloryOneOff("echo \"HOME=$HOME\"; ls -a \"$HOME\"")
            #expect(home.succeeded)
            #expect(home.log.contains("HOME=/data/project/mallory"))
            #expect(!home.log.contains(fixture.daemonHomeMarker.lastPathComponent))
        }
    }

    /// As its own user, mallory cannot read what only root may, such as `/etc/shadow`, which
    /// root without capabilities still could, being its owner.
    @Test(.enabled(if: geteuid() == 0, "tools get their own users only when the executor is root"))
    func cannotReadRootOnlyFiles() async throws {
        try await TenantFixture.with { fixture in
            let attack = try await fixture.malloryOneOff("id -u; cat /etc/shadow")
            #expect(!attack.succeeded)
            #expect(!attack.log.contains("root:"))
            #expect(attack.log.contains("\n200001\n") || attack.log.contains("\n200000\n"))
        }
    }

    @Test func cannotWriteItsOwnSnapshot() async throws {
        try await TenantFixture.with { fixture in
            let readme = fixture.malloryImage.path.appendingPathComponent("README").path
            let write = try await fixture.malloryOneOff("echo x > /app/README || echo x > '\(readme)'")
            #expect(!write.succeeded)
            #expect(try String(contentsOf: fixture.malloryImage.path.appendingPathComponent("README"), encoding: .utf8) == "mallory\n")
        }
    }

    @Test func buildCommandsCannotReadOtherTools() async throws {
        try await TenantFixture.with { fixture in
            let commit = try await fixture.repository.commit(files: ["other": "x"], message: "other")
            let log = fixture.root.appendingPathComponent("logs/mallory-build-attack.log")
            await #expect(throws: (any Error).self) {
                _ = try await fixture.backend.build(BuildJob(repository: fixture.repository.url, commit: commit, path: nil,
                                                             command: "cat '\(fixture.victimHomeFile.path)' > stolen", logFile: log, tool: "mallory"))
            }
            #expect(!((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains(TenantFixture.secret))
        }
    }

    /// A build mallory made of victim's repository is never the image victim gets.
    @Test func imagesAreNotSharedBetweenTools() async throws {
        try await TenantFixture.with { fixture in
            let commit = try await fixture.repository.commit(files: ["next": "x"], message: "next")
            let logs = fixture.root.appendingPathComponent("logs")
            func build(_ tool: String) async throws -> BuiltImage {
                try await fixture.backend.build(BuildJob(repository: fixture.repository.url, commit: commit, path: nil, command: "echo built > output",
                                                         logFile: logs.appendingPathComponent("\(tool)-shared-build.log"), tool: tool))
            }
            let mallorys = try await build("mallory")
            try "trojan\n".write(to: mallorys.path.appendingPathComponent("output"), atomically: true, encoding: .utf8)
            // The planner is told of mallory's image only when it plans for mallory.
            let buildKey = BuildJob(repository: fixture.repository.url, commit: commit, path: nil, command: "echo built > output",
                                    logFile: logs.appendingPathComponent("key.log")).buildKey
            #expect(await fixture.backend.existingBuildKeys(tool: "mallory").contains(buildKey))
            #expect(await !fixture.backend.existingBuildKeys(tool: "victim").contains(buildKey))
            let victims = try await build("victim")
            #expect(!victims.reused)
            #expect(victims.id != mallorys.id)
            #expect(try String(contentsOf: victims.path.appendingPathComponent("output"), encoding: .utf8) == "built\n")
        }
    }

    /// `setsid` leaves the process group the stop signals, but not the PID namespace, whose
    /// end takes it along.
    @Test func setsidEscapesEndWithTheContinuousRun() async throws {
        try await TenantFixture.with { fixture in
            let seconds = Int.random(in: 900_000...999_999)
            let escapee = "sleep \(seconds)"
            defer { for pid in processes(withCommandLine: escapee) { kill(pid, SIGKILL) } }
            let outcome = try await fixture.backend.run(RunJob(
                tool: "mallory", component: "escape", type: .continuous, image: fixture.malloryImage,
                run: RunSpec(command: "setsid \(escapee) & exec sleep \(seconds + 1)"), env: [:],
                logFile: fixture.root.appendingPathComponent("logs/mallory-escape.log"), replacing: []))
            #expect(await eventually(timeout: .seconds(5)) { !processes(withCommandLine: escapee).isEmpty })
            await fixture.backend.stop(tool: "mallory", component: "escape", processes: outcome.processes)
            #expect(await eventually(timeout: .seconds(5)) { processes(withCommandLine: escapee).isEmpty })
        }
    }

    @Test func setsidEscapesEndWithTheOneOff() async throws {
        try await TenantFixture.with { fixture in
            let seconds = Int.random(in: 900_000...999_999)
            let escapee = "sleep \(seconds)"
            defer { for pid in processes(withCommandLine: escapee) { kill(pid, SIGKILL) } }
            let run = try await fixture.malloryOneOff("setsid \(escapee) & sleep 0.2; exit 0")
            #expect(run.succeeded)
            #expect(await eventually(timeout: .seconds(5)) { processes(withCommandLine: escapee).isEmpty })
        }
    }
}
