import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

@Suite struct ChildProcessSpawnerTests {
    private func run(_ script: String, environment: [String: String] = ChildEnvironment.make(), in root: URL) async throws -> (ChildExitStatus, [String]) {
        let output = root.appendingPathComponent("out-\(UUID().uuidString).log")
        let status = try await LocalCommandRunner.run(
            ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", script], environment: environment, directory: root, output: .file(output)),
            timeout: .seconds(10))
        return (status, LogFile(url: output).tail(lines: 100))
    }

    @Test func childInheritsNoDescriptorsAndNoIgnoredSignals() async throws {
        try await withTemporaryDirectory { root in
            // An open descriptor of the executor, not marked close-on-exec.
            let leaked = open(root.appendingPathComponent("secret").path, O_CREAT | O_RDWR, 0o600)
            defer { close(leaked) }
            #expect(leaked > 2)
            let (status, lines) = try await run("exec ls /proc/self/fd", in: root)
            #expect(status.isSuccess)
            // 0, 1, 2 and the descriptor ls opened to list the folder.
            #expect(Set(lines).isSubset(of: ["0", "1", "2", "3"]), "\(lines)")

            let (_, signals) = try await run("exec grep SigIgn /proc/self/status", in: root)
            // Standard signals 1...31 (bits 0...30) at their defaults; glibc's internal real-time
            // signals 32 and 33 may show as ignored.
            let mask = signals.first?.split(separator: "\t").last.flatMap { UInt64($0, radix: 16) }
            #expect(mask.map { $0 & 0x7FFF_FFFF } == 0, "\(signals)")
        }
    }

    @Test func childRunsInItsFolderInItsOwnGroupWithOnlyTheGivenEnvironment() async throws {
        try await withTemporaryDirectory { root in
            let environment = ["PATH": "/usr/bin:/bin", "ONLY": "this"]
            let (status, lines) = try await run("pwd -P; env | sort; ps -o pgid= -p $$; echo pid $$", environment: environment, in: root)
            #expect(status.isSuccess)
            #expect(lines.first == root.resolvingSymlinksInPath().path)
            #expect(lines.contains("ONLY=this"))
            #expect(!lines.contains { $0.hasPrefix("HOME=") })
            let pid = lines.last?.split(separator: " ").last.map(String.init)
            let group = lines.dropLast().last?.trimmingCharacters(in: .whitespaces)
            #expect(pid != nil && group == pid)
        }
    }

    @Test func exitStatusesAndMissingPrograms() async throws {
        try await withTemporaryDirectory { root in
            let exited = try await run("exit 7", in: root).0
            let killed = try await run("kill -TERM $$", in: root).0
            #expect(exited == .exited(7))
            #expect(killed == .signaled(SIGTERM))
            #expect(ChildExitStatus.signaled(SIGKILL).description == "killed by signal 9 (SIGKILL)")
            #expect(throws: LocalBackendError.self) {
                try ChildProcessSpawner.spawn(ChildSpawnRequest(executable: "/no/such/program", arguments: [], environment: [:]))
            }
        }
    }
}
