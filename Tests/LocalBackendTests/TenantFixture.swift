import Foundation
import Testing
import ToolConfig

@testable import ExecutorService
@testable import LocalBackend

#if canImport(Glibc)
import Glibc
#endif

/// Two tools on one local backend with real bubblewrap: `victim`, with a continuous
/// component whose home, log and snapshot hold known secrets, and `mallory`, whose
/// components attack them. Also a marker in the daemon's HOME and a stand-in
/// `config.sqlite` beside the executor's state.
struct TenantFixture {
    static let secret = "victim-secret-\(UUID().uuidString.prefix(8))"

    let root: URL
    let state: URL
    let backend: LocalBackend
    let repository: GitTestRepository
    let commit: String
    /// The daemon's HOME marker (a unique file in the real HOME, removed at the end).
    let daemonHomeMarker: URL
    let configDatabase: URL
    let victimImage: BuiltImage
    /// Mallory's own image, from another repository.
    let malloryImage: BuiltImage
    let victimLog: URL
    let victimProcesses: [ComponentStateRecord.LiveProcess]

    var victimHome: URL { state.appendingPathComponent("homes/victim") }
    var victimHomeFile: URL { victimHome.appendingPathComponent("secret.txt") }

    /// Builds the shared image, deploys victim, and runs `body`; always stops every process.
    static func with(_ body: (TenantFixture) async throws -> Void) async throws {
        try await withTemporaryDirectory { root in
            let state = root.appendingPathComponent("executor")
            let backend = LocalBackend(stateDirectory: state, allowLocalRepositories: true, startupTimeout: .seconds(20),
                                       sandbox: .bubblewrap(), toolUIDRange: geteuid() == 0 ? 200_000...200_099 : nil, logger: testLogger)
            let daemonHomeMarker = FileManager.default.homeDirectoryForCurrentUser
                .appendingPathComponent(".components-sandbox-test-\(UUID().uuidString)")
            try secret.write(to: daemonHomeMarker, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: daemonHomeMarker) }
            let configDatabase = root.appendingPathComponent("config.sqlite")
            try secret.write(to: configDatabase, atomically: true, encoding: .utf8)
            do {
                let repository = try await GitTestRepository.create(at: root.appendingPathComponent("repo"),
                                                                    files: ["app.sh": "echo \(secret)\n"])
                let commit = try await repository.head()
                let logs = root.appendingPathComponent("logs")
                try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
                let image = try await backend.build(BuildJob(repository: repository.url, commit: commit, path: nil, command: nil,
                                                             logFile: logs.appendingPathComponent("victim-build.log"), tool: "victim"))
                let malloryRepository = try await GitTestRepository.create(at: root.appendingPathComponent("mallory-repo"), files: ["README": "mallory\n"])
                let malloryImage = try await backend.build(BuildJob(repository: malloryRepository.url, commit: try await malloryRepository.head(),
                                                                    path: nil, command: nil, logFile: logs.appendingPathComponent("mallory-build.log"), tool: "mallory"))
                let victimLog = logs.appendingPathComponent("victim-web.log")
                let outcome = try await backend.run(RunJob(
                    tool: "victim", component: "web", type: .continuous, image: image,
                    run: RunSpec(command: "echo \(secret) > \"$HOME/secret.txt\"; echo \(secret); exec sleep 600"),
                    env: [:], logFile: victimLog, replacing: []))
                let fixture = TenantFixture(root: root, state: state, backend: backend, repository: repository, commit: commit,
                                            daemonHomeMarker: daemonHomeMarker, configDatabase: configDatabase, victimImage: image,
                                            malloryImage: malloryImage, victimLog: victimLog, victimProcesses: outcome.processes)
                #expect(await eventually(timeout: .seconds(10)) {
                    (try? String(contentsOf: fixture.victimHomeFile, encoding: .utf8)) == secret + "\n"
                })
                try await body(fixture)
                try await fixture.expectVictimUntouched()
            } catch {
                await backend.shutdown(stopProcesses: true)
                throw error
            }
            await backend.shutdown(stopProcesses: true)
        }
    }

    /// Victim's process still runs, its home file, log and snapshot are as it left them.
    func expectVictimUntouched() async throws {
        #expect(await backend.isAlive(victimProcesses))
        #expect(try String(contentsOf: victimHomeFile, encoding: .utf8) == Self.secret + "\n")
        #expect(try String(contentsOf: victimLog, encoding: .utf8).contains(Self.secret))
        #expect(try String(contentsOf: victimImage.path.appendingPathComponent("app.sh"), encoding: .utf8) == "echo \(Self.secret)\n")
    }

    /// Runs a one-off of mallory in its own image and answers whether it succeeded, and its log.
    func malloryOneOff(_ command: String, mount: String? = nil) async throws -> (succeeded: Bool, log: String) {
        let log = root.appendingPathComponent("logs/mallory-\(UUID().uuidString.prefix(8)).log")
        let succeeded: Bool
        do {
            _ = try await backend.run(RunJob(tool: "mallory", component: "attack", type: .oneOff, image: malloryImage,
                                             run: RunSpec(command: command, timeoutSeconds: 20, mount: mount), env: [:], logFile: log, replacing: []))
            succeeded = true
        } catch {
            succeeded = false
        }
        return (succeeded, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

/// Pids of processes whose command line is exactly `commandLine`.
func processes(withCommandLine commandLine: String) -> [pid_t] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return names.compactMap { name -> pid_t? in
        guard let pid = pid_t(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
        let text = String(decoding: data, as: UTF8.self).split(separator: "\0").joined(separator: " ")
        return text == commandLine ? pid : nil
    }
}
