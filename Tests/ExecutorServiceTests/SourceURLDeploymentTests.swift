import ComponentsTesting
import ConfigService
import Foundation
import Protocol
import Testing
@testable import ExecutorService

/// Deployments of a config with `source_url`: each one fetches the document again from a
/// loopback HTTP server started here (the config service allowing loopback and http:// in
/// this test), plans what it says, and records which document it used.
@Suite struct SourceURLDeploymentTests {
    static func document(_ components: [String]) -> String {
        "config_version: v1beta1\ncomponents:\n" + components.map {
            "  \($0):\n    build: {repository: https://example.org/\($0).git, ref: main}\n    run: {command: \($0)}\n"
        }.joined()
    }

    /// Real config and planner services, a core with a fake backend and its queue running,
    /// a document server, and the body; everything is stopped afterwards.
    private func withStack(_ body: (ExecutorServiceCore, TestHTTPServer, RPCClient) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("source-url-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try ConfigStore(path: folder.appendingPathComponent("config.sqlite").path)
        _ = try store.createTool(name: "alpha")
        let services = try await LoopbackServices.start(store: store, allowLoopback: true)
        let server = try await TestHTTPServer()
        var queue: Task<Void, any Error>?
        do {
            let core = try ExecutorServiceCore(configuration: ExecutorConfiguration(stateDirectory: folder.appendingPathComponent("executor")),
                                               backend: FakeBackend(), configClient: services.configClient,
                                               plannerClient: services.plannerClient, logger: silentLogger)
            let deployments = core.deployments
            queue = Task { try await deployments.run() }
            try await body(core, server, services.configClient)
        } catch {
            queue?.cancel()
            await server.close()
            services.close()
            await TemporaryFolder.remove(folder)
            throw error
        }
        queue?.cancel()
        await server.close()
        services.close()
        await TemporaryFolder.remove(folder)
    }

    private func planned(_ core: ExecutorServiceCore) async throws -> [String] {
        let answer = try await core.create(Wire.CreateDeploymentRequest(tool: "alpha", onlyPlan: true))
        return (answer.deployment?.runs.map(\.component) ?? []).sorted()
    }

    @Test func everyDeploymentFetchesTheConfigAgainAndRecordsTheDocument() async throws {
        try await withStack { core, server, config in
            server.serve("/tool.yaml", .init(body: Self.document(["api"])))
            let url = server.url("/tool.yaml")
            _ = try await config.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "alpha", source: "source_url: \(url)\n"))
            #expect(try await planned(core) == ["api"])

            let second = Self.document(["api", "worker"])
            server.serve("/tool.yaml", .init(body: second))
            #expect(try await planned(core) == ["api", "worker"])

            let created = try await core.create(Wire.CreateDeploymentRequest(tool: "alpha"))
            let document = try #require(created.deployment?.sourceDocument)
            let expected = FetchedSourceDocument(url: url, bytes: Array(second.utf8), fetchedAtMs: 0)
            #expect(document.url == url && document.sha256 == expected.sha256 && document.sizeBytes == UInt64(second.utf8.count))
            #expect(document.fetchedAtMs > 0)
            let id = try #require(created.deployment?.deployId)
            let record = try #require(try await core.store.snapshot(id)).deployment
            #expect(record.sourceURL == url && record.sourceSHA256 == expected.sha256)
            #expect(server.requests.count == 4)
        }
    }

    @Test func aFailedFetchRefusesTheDeploymentAndLeavesEverythingAsItWas() async throws {
        try await withStack { core, server, config in
            server.serve("/tool.yaml", .init(body: Self.document(["api"])))
            let url = server.url("/tool.yaml")
            _ = try await config.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "alpha", source: "source_url: \(url)\n"))
            let before = try await core.store.list(tool: "alpha", limit: 100).count
            server.serve("/tool.yaml", .init(status: 500, body: "oops\n"))
            await #expect {
                _ = try await core.create(Wire.CreateDeploymentRequest(tool: "alpha"))
            } throws: { error in
                guard let error = error as? RPCError else { return false }
                return error.code == .failedPrecondition && error.message.contains(url) && error.message.contains("HTTP 500")
            }
            #expect(try await core.store.list(tool: "alpha", limit: 100).count == before)
            let stored = try await config.call(ConfigMethod.listConfigVersions, Wire.ListConfigVersionsRequest(tool: "alpha"))
            #expect(stored.versions.count == 1)
        }
    }

    /// Creates a deployment and waits (at most 60 s) until it ends.
    private func deploy(_ core: ExecutorServiceCore) async throws -> DeploymentRecord {
        let created = try await core.create(Wire.CreateDeploymentRequest(tool: "alpha"))
        let id = try #require(created.deployment?.deployId)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let record = try await core.store.snapshot(id)?.deployment, record.status.isFinal { return record }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw RPCError(.deadlineExceeded, "deployment \(id) did not end within 60 s")
    }

    @Test func aRollbackDeploysItsTargetsDocumentWithoutFetching() async throws {
        try await withStack { core, server, config in
            server.serve("/tool.yaml", .init(body: Self.document(["api"])))
            let url = server.url("/tool.yaml")
            _ = try await config.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "alpha", source: "source_url: \(url)\n"))
            let first = try await deploy(core)
            server.serve("/tool.yaml", .init(body: Self.document(["api", "worker"])))
            let second = try await deploy(core)
            #expect(first.status == .successful && second.status == .successful)
            #expect(first.sourceSHA256 != second.sourceSHA256)
            let fetches = server.requests.count
            let rollback = try await core.rollback(Wire.RollbackDeploymentRequest(tool: "alpha", deployId: first.deployId))
            #expect(rollback.deployment?.sourceDocument == first.sourceDocument)
            let id = try #require(rollback.deployment?.deployId)
            #expect(try await core.store.snapshot(id)?.deployment.configJSON == first.configJSON)
            #expect(server.requests.count == fetches)
        }
    }

    @Test func aWebhookPushDeploysWhatTheURLServesNow() async throws {
        try await withStack { core, server, config in
            server.serve("/tool.yaml", .init(body: Self.document(["api"])))
            let url = server.url("/tool.yaml")
            _ = try await config.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "alpha", source: "source_url: \(url)\n"))
            let now = Self.document(["api", "worker"])
            server.serve("/tool.yaml", .init(body: now))
            let poller = AutoDeployPoller(core: core, limits: AutoDeployLimits())
            let answer = try await poller.notifyPush(Wire.PushNotification(
                tool: "alpha", repository: "https://example.org/api.git", ref: "refs/heads/main", source: "github",
                before: String(repeating: "1", count: 40), after: String(repeating: "2", count: 40)))
            #expect(answer.deployed, "\(answer.message)")
            let document = try #require(answer.deployment?.sourceDocument)
            #expect(document.sha256 == FetchedSourceDocument(url: url, bytes: Array(now.utf8), fetchedAtMs: 0).sha256)
            #expect(answer.deployment?.runs.map(\.component).sorted() == ["api", "worker"])
        }
    }
}
