import ComponentsTesting
@testable import ExecutorService
@testable import LocalBackend
import Foundation
import Protocol
import Testing

/// The executor's RPC handlers, called in-process on a core with a fake backend.
@Suite struct ExecutorServiceCoreTests {
    /// A core whose store holds one running deployment of `alpha` with a run of `api`.
    final class Harness: @unchecked Sendable {
        let folder: URL
        let core: ExecutorServiceCore
        let clients: [RPCClient]
        let deployID = DeploymentID.make()

        init() async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("core-\(UUID().uuidString)")
            // Nothing here calls the config or planner services; the clients never connect.
            clients = ["config", "planner"].map {
                RPCClient(configuration: .init(address: ServiceAddress(host: "127.0.0.1", port: 9), serviceName: $0, serviceToken: testServiceToken), logger: silentLogger)
            }
            core = try ExecutorServiceCore(configuration: ExecutorConfiguration(stateDirectory: folder), backend: FakeBackend(),
                                           configClient: clients[0], plannerClient: clients[1], logger: silentLogger)
            let record = DeploymentRecord(deployId: deployID, tool: "alpha", creationTimeMs: 0, status: .running, longStatus: "", description: "",
                                          forceBuild: false, forceRun: false, configVersion: 1, configJSON: "{}", planJSON: "{}")
            try await core.store.insert(record,
                                  builds: [BuildRecord(deployId: deployID, component: "api", buildId: "b", image: "", status: .failed, longStatus: "")],
                                  runs: [RunRecord(deployId: deployID, component: "api", status: .running, longStatus: "")])
        }

        /// The build log of `api`, whose build has ended.
        var buildLog: LogFile {
            LogFile(url: core.configuration.logFolder(deployID).appendingPathComponent("api.build.log"))
        }

        /// The run log of `api`, as the backend makes it for the supervisor (default size cap).
        var runLog: LogFile {
            LogFile(url: core.configuration.logFolder(deployID).appendingPathComponent("api.run.log"))
        }

        func logs(_ source: Wire.LogSource = .run, tail: UInt32 = 0, offset: UInt64 = 0) async throws -> Wire.GetLogsResponse {
            try await core.logs(Wire.GetLogsRequest(tool: "alpha", deployId: deployID, component: "api", source: source, tail: tail, offset: offset))
        }

        func close() async {
            clients.forEach { $0.close() }
            await TemporaryFolder.remove(folder)
        }
    }

    /// A numbered line of about 100 bytes, so a few thousand of them pass the 1 MiB rotation size.
    static func numbered(_ index: Int) -> String {
        String(format: "line %06d ", index) + String(repeating: "x", count: 88)
    }

    @Test func followingARunLogAcrossRotationsLosesNoLine() async throws {
        let harness = try await Harness()
        do {
            try await followAcrossRotations(harness)
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    private func followAcrossRotations(_ harness: Harness) async throws {
        let log = harness.runLog
        try log.prepare()
        // What the supervisor spawns for a run: a shell whose log writer rotates the file.
        let command = SupervisedCommand(
            command: #"i=$FROM; while [ $i -lt $TO ]; do printf 'line %06d %s\n' $i "$PAD"; i=$((i+1)); done"#,
            directory: harness.folder, environment: ["PAD": String(repeating: "x", count: 88)], log: log)

        // `components deployment logs --follow`: the tail first, then from each answer's
        // offset, asking again at once while lines come.
        var received: [String] = []
        var answer = try await harness.logs(tail: 100)
        received += answer.lines
        func follow() async throws {
            while true {
                let previous = answer.nextOffset
                answer = try await harness.logs(offset: previous)
                received += answer.lines
                if answer.nextOffset == previous { return }
            }
        }

        let batch = 1_000
        let total = 25_000
        var rotations = 0
        var base = log.baseOffset
        for from in stride(from: 0, to: total, by: batch) {
            let request = command.spawnRequest(extra: ["FROM": "\(from)", "TO": "\(from + batch)"])
            let status = try await LocalCommandRunner.run(request, timeout: .seconds(30))
            #expect(status.isSuccess)
            if log.baseOffset != base { rotations += 1 }
            base = log.baseOffset
            try await follow()
        }

        #expect(rotations >= 2)
        #expect(received.count == total)
        let expected = (0..<total).map(Self.numbered)
        let firstDifference = zip(received, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstDifference == nil, "line \(firstDifference?.offset ?? 0): got \(firstDifference?.element.0.prefix(12) ?? "")")
    }

    @Test func lastLineWithoutNewlineShowsOnceWhenTheWriterEnded() async throws {
        let harness = try await Harness()
        do {
            for log in [harness.buildLog, harness.runLog] {
                try log.append(line: "compiling")
                let handle = try FileHandle(forWritingTo: log.url)
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("error: no newline".utf8))
                try handle.close()
            }
            // The build ended: its last words are all there will be.
            let build = try await harness.logs(.build, tail: 10)
            #expect(build.lines == ["compiling", "error: no newline"])
            #expect(try await harness.logs(.build, offset: build.nextOffset).lines.isEmpty)
            // The run's process is still writing: the line waits for its newline.
            let run = try await harness.logs(.run, tail: 10)
            #expect(run.lines == ["compiling"])
            #expect(try await harness.logs(.run, offset: run.nextOffset).lines.isEmpty)
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }
}
