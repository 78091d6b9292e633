import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

@Suite struct ImageBuilderTests {
    private func builder(_ root: URL) -> ImageBuilder {
        let state = root.appendingPathComponent("state")
        let git = GitClient(stateDirectory: state, allowLocalRepositories: true, timeout: .seconds(30), logger: testLogger)
        return ImageBuilder(store: ImageStore(directory: state.appendingPathComponent("images")), git: git,
                            commandTimeout: .seconds(20), logger: testLogger)
    }

    @Test func buildsRunsTheCommandAndReusesTheImage() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["src/app.txt": "app"])
            let commit = try await repo.head()
            let builder = builder(root)
            let log = LogFile(url: root.appendingPathComponent("logs/build-1.log"))
            let command = "echo building; cp app.txt built.txt"

            let first = try await builder.build(repository: repo.url, commit: commit, path: "src", command: command, log: log)
            #expect(!first.reused)
            #expect(try String(contentsOf: first.image.appDirectory.appendingPathComponent("built.txt"), encoding: .utf8) == "app")
            #expect(first.image.key.path == "src")
            #expect(log.tail(lines: 50).contains("building"))

            let secondLog = LogFile(url: root.appendingPathComponent("logs/build-2.log"))
            let second = try await builder.build(repository: repo.url, commit: commit, path: "src/", command: command, log: secondLog)
            #expect(second.reused)
            #expect(second.image.id == first.image.id)
            #expect(secondLog.tail(lines: 5).joined().contains("Reusing existing image"))
            #expect(!secondLog.tail(lines: 50).contains("building"))
            #expect(builder.store.allImages().map(\.id) == [first.image.id])

            // A different command is a different image.
            let other = try await builder.build(repository: repo.url, commit: commit, path: "src", command: "true", log: log)
            #expect(other.image.id != first.image.id)
            #expect(!other.reused)
        }
    }

    @Test func failingBuildReportsExitCodeAndLastLinesAndLeavesNothing() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let commit = try await repo.head()
            let builder = builder(root)
            let log = LogFile(url: root.appendingPathComponent("build.log"))
            await #expect {
                try await builder.build(repository: repo.url, commit: commit, command: "echo step one; echo 'compiler says no' >&2; exit 3", log: log)
            } throws: { error in
                let error = try #require(error as? LocalBackendError)
                return error.code == .buildFailed && error.exitCode == 3 && error.lastLines.contains("compiler says no")
                    && error.message.contains("exit code 3")
            }
            let key = LocalImageKey(repository: repo.url, commit: commit, path: nil, buildCommand: "echo step one; echo 'compiler says no' >&2; exit 3")
            #expect(!FileManager.default.fileExists(atPath: builder.store.folder(of: key.id).path))
            #expect(builder.store.image(for: key) == nil)
        }
    }

    @Test func buildCommandTimeoutKillsIt() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let state = root.appendingPathComponent("state")
            let git = GitClient(stateDirectory: state, allowLocalRepositories: true, logger: testLogger)
            let builder = ImageBuilder(store: ImageStore(directory: state.appendingPathComponent("images")), git: git,
                                       commandTimeout: .milliseconds(300), logger: testLogger)
            let started = ContinuousClock.now
            await #expect {
                try await builder.build(repository: repo.url, commit: try await repo.head(), command: "echo slow; sleep 30",
                                        log: LogFile(url: root.appendingPathComponent("build.log")))
            } throws: { error in
                (error as? LocalBackendError)?.code == .timedOut
            }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func incompleteImageFromACrashIsRebuilt() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let commit = try await repo.head()
            let builder = builder(root)
            let key = LocalImageKey(repository: repo.url, commit: commit, path: nil, buildCommand: "touch done")
            // What a crash mid-build leaves: the folder, half written, without the marker.
            let folder = builder.store.folder(of: key.id)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("app"), withIntermediateDirectories: true)
            try "partial".write(to: folder.appendingPathComponent("app/garbage"), atomically: true, encoding: .utf8)
            #expect(builder.store.image(for: key) == nil)

            let result = try await builder.build(repository: repo.url, commit: commit, command: "touch done",
                                                 log: LogFile(url: root.appendingPathComponent("build.log")))
            #expect(!result.reused)
            #expect(result.image.id == key.id)
            #expect(!FileManager.default.fileExists(atPath: result.image.appDirectory.appendingPathComponent("garbage").path))
            #expect(FileManager.default.fileExists(atPath: result.image.appDirectory.appendingPathComponent("done").path))
        }
    }

    @Test func parallelBuildsOfOneKeyBuildOnce() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let commit = try await repo.head()
            let builder = builder(root)
            let command = "echo building; sleep 0.2; echo ok > out"
            let results = try await withThrowingTaskGroup(of: ImageBuildResult.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        try await builder.build(repository: repo.url, commit: commit, command: command,
                                                log: LogFile(url: root.appendingPathComponent("build-\(index).log")))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { !$0.reused }.count == 1)
            #expect(Set(results.map(\.image.id)).count == 1)
            let logs = (0..<4).map { LogFile(url: root.appendingPathComponent("build-\($0).log")) }
            #expect(logs.filter { $0.tail(lines: 50).contains("building") }.count == 1)
        }
    }

    /// `force-build` makes the image anew; the old files stay aside for processes in them.
    @Test func forcedBuildBuildsAgain() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let commit = try await repo.head()
            let builder = builder(root)
            let command = "head -c 16 /dev/urandom | od -An -tx1 > stamp"
            let first = try await builder.build(repository: repo.url, commit: commit, command: command, log: LogFile(url: root.appendingPathComponent("1.log")))
            let firstStamp = try String(contentsOf: first.image.appDirectory.appendingPathComponent("stamp"), encoding: .utf8)
            let forced = try await builder.build(repository: repo.url, commit: commit, command: command,
                                                 log: LogFile(url: root.appendingPathComponent("2.log")), force: true)
            #expect(!forced.reused)
            #expect(forced.image.id == first.image.id)
            #expect(try String(contentsOf: forced.image.appDirectory.appendingPathComponent("stamp"), encoding: .utf8) != firstStamp)
            let aside = try FileManager.default.contentsOfDirectory(atPath: builder.store.directory.path).filter { $0.contains(".retired-") }
            #expect(aside.count == 1)
            #expect(builder.store.allImages().map(\.id) == [first.image.id])
        }
    }

    /// A build command writes its image, and sees neither the executor's state nor the host's HOME.
    @Test func buildCommandIsSandboxed() async throws {
        try await withTemporaryDirectory { root in
            let repo = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["a": "1"])
            let builder = builder(root)
            let command = "pwd > where; echo \"$HOME\" >> where; test ! -e '\(root.path)' && echo hidden >> where"
            let result = try await builder.build(repository: repo.url, commit: try await repo.head(), command: command,
                                                 log: LogFile(url: root.appendingPathComponent("build.log")))
            #expect(try String(contentsOf: result.image.appDirectory.appendingPathComponent("where"), encoding: .utf8) == "/app\n/home/build\nhidden\n")
        }
    }
}
