import ComponentsTesting
import ConfigService
import Foundation
import Protocol
import PlannerService
import Testing
@testable import ExecutorService
import LocalBackend

/// An executor core with real config and planner services on loopback, local `file://`
/// repositories and a deploy-on-push poller with a 1 s minimum interval.
final class AutoDeployStack: @unchecked Sendable {
    let folder: URL
    let core: ExecutorServiceCore
    let poller: AutoDeployPoller
    let metrics = ServiceMetrics(service: "executor")
    private let backend: LocalBackend
    private let services: LoopbackServices
    private var tasks: [Task<Void, any Error>] = []

    init(tools: [String]) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("autodeploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try ConfigStore(path: folder.appendingPathComponent("config.sqlite").path)
        for tool in tools { _ = try store.createTool(name: tool) }
        services = try await LoopbackServices.start(store: store)
        var configuration = ExecutorConfiguration(stateDirectory: folder.appendingPathComponent("executor"))
        configuration.allowLocalRepositories = true
        configuration.autoDeploy.minimumInterval = .seconds(1)
        configuration.autoDeploy.tick = .milliseconds(50)
        configuration.autoDeploy.configRefresh = .milliseconds(200)
        configuration.autoDeploy.checkTimeout = .seconds(10)
        backend = LocalBackend(stateDirectory: configuration.stateDirectory, allowLocalRepositories: true, startupTimeout: .seconds(30), logger: silentLogger)
        core = try ExecutorServiceCore(configuration: configuration, backend: backend,
                                       configClient: services.configClient, plannerClient: services.plannerClient,
                                       logger: silentLogger, metrics: metrics)
        poller = AutoDeployPoller(core: core, limits: configuration.autoDeploy, metrics: metrics)
        let deployments = core.deployments
        tasks.append(Task { try await deployments.run() })
    }

    /// A repository with one commit, made off the concurrency pool (see ``offThePool(_:)``).
    func repository(_ name: String) async throws -> TemporaryGitRepository {
        let parent = folder.appendingPathComponent("repos")
        return try await offThePool {
            let repository = try TemporaryGitRepository(in: parent, name: name)
            try repository.commit(["README": "\(name) v1\n"])
            return repository
        }
    }

    /// A config of one-off components named after and built from `repositories`, polled every second.
    func putConfig(tool: String, _ repositories: [String: TemporaryGitRepository], poll: String = "1s") async throws {
        var text = "config-version: v0.1\nauto-deploy: {poll: \(poll)}\ncomponents:\n"
        for (name, repository) in repositories.sorted(by: { $0.key < $1.key }) {
            text += "  \(name):\n    type: one-off\n    build: {repository: '\(repository.url)', ref: main}\n    run: {command: 'true'}\n"
        }
        _ = try await services.configClient.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: tool, source: text))
    }

    /// Creates a deployment and waits until it ends.
    func deploy(_ tool: String) async throws -> DeploymentSnapshot {
        let created = try await core.create(Wire.CreateDeploymentRequest(tool: tool))
        return try await waitForEnd(try #require(created.deployment?.deployId))
    }

    /// Starts polling.
    func startPolling() {
        let poller = poller
        tasks.append(Task { try await poller.run() })
    }

    /// The tool's deployments, oldest first.
    func deployments(_ tool: String) async throws -> [DeploymentSnapshot] {
        try await core.store.list(tool: tool, limit: 100).reversed()
    }

    /// Waits until `condition` holds, checking every 20 ms, for at most `timeout`.
    func wait(for timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// Waits until deployment `id` ends.
    func waitForEnd(_ id: String) async throws -> DeploymentSnapshot {
        var snapshot: DeploymentSnapshot?
        _ = try await wait(for: .seconds(90)) {
            snapshot = try await core.store.snapshot(id)
            return snapshot?.deployment.status.isFinal == true
        }
        return try #require(snapshot)
    }

    func close() async {
        tasks.forEach { $0.cancel() }
        await backend.shutdown(stopProcesses: true)
        services.close()
        await TemporaryFolder.remove(folder)
    }
}
