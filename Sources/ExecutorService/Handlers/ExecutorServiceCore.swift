import Foundation
import Logging
import PlannerService
import Protocol
import ToolConfig

/// The executor service: creates deployments (config from the config service, commits from
/// git, plan from the planner), persists them before answering, and runs them in a queue.
public final class ExecutorServiceCore: Sendable {
    let store: ExecutorStore
    let backend: any DeploymentBackend
    let configClient: RPCClient
    let plannerClient: RPCClient
    let queue: DeploymentQueue
    let planning: DeploymentPlanning
    let configuration: ExecutorConfiguration
    let logger: Logger

    /// The queue that runs deployments: a `Service` to run in the service group beside the
    /// RPC server, which then owns every deployment's task.
    public var deployments: DeploymentQueue { queue }
    /// The retention sweep: a `Service` to run in the service group too.
    public let sweeper: RetentionSweeper

    /// Creates the service; call ``recover()`` once before serving, and run ``deployments``.
    public init(configuration: ExecutorConfiguration, backend: any DeploymentBackend, configClient: RPCClient, plannerClient: RPCClient,
                logger: Logger, metrics: ServiceMetrics? = nil) throws {
        try FileManager.default.createDirectory(at: configuration.stateDirectory, withIntermediateDirectories: true)
        let store = try ExecutorStore(path: configuration.stateDirectory.appendingPathComponent("executor.sqlite").path)
        self.store = store
        self.backend = backend
        self.configClient = configClient
        self.plannerClient = plannerClient
        self.configuration = configuration
        self.logger = logger
        let planning = DeploymentPlanning(store: store, backend: backend, plannerClient: plannerClient, logger: logger)
        self.planning = planning
        var runner = DeploymentRunner(store: store, backend: backend, logger: logger, buildConcurrency: configuration.buildConcurrency, metrics: metrics)
        runner.replan = { job in try await planning.replanAtStart(job) }
        queue = DeploymentQueue(runner: runner, timeout: configuration.deploymentTimeout, logger: logger)
        sweeper = RetentionSweeper(store: store, backend: backend, configuration: configuration, logger: logger, metrics: metrics)
    }

    // MARK: - Create

    /// The longest description a deployment keeps; every answer about it carries it.
    public static let maxDescriptionCharacters = 1_000

    /// Plans a deployment of the tool's current config; persists and queues it unless `onlyPlan`.
    /// A config with a `source_url` is fetched again first (the config service stores what
    /// changed); when that fails nothing is created and what runs stays as it is.
    public func create(_ request: Wire.CreateDeploymentRequest) async throws -> Wire.CreateDeploymentResponse {
        try checkDescription(request.description)
        let stored: Wire.PutConfigResponse
        switch await configClient.result(ConfigMethod.refreshConfig, Wire.RefreshConfigRequest(tool: request.tool)) {
        case .success(let answer):
            stored = answer
        case .failure(let error) where error.code == .notFound:
            throw RPCError(.failedPrecondition, "the tool \(request.tool) has no config to deploy; create one with `components config create FILE`")
        case .failure(let error):
            throw error
        }
        guard let storedConfig = stored.config else { throw RPCError(.internal, "the config service answered no config") }
        let parsed = ToolConfigParser.parse(storedConfig.canonicalJson, options: .acceptedConfig)
        guard let config = parsed.config else {
            throw RPCError(.failedPrecondition, "the stored config of \(request.tool) no longer validates: \(parsed.errors.first.map { "\($0)" } ?? "")")
        }
        try checkRepositories(of: config)
        let source = DeploymentSource(configVersion: Int(storedConfig.version), configJSON: storedConfig.canonicalJson, config: config,
                                      commits: try await resolveCommits(config), document: stored.document)
        return try await start(source, tool: request.tool, description: request.description,
                               forceBuild: request.forceBuild, forceRun: request.forceRun, onlyPlan: request.onlyPlan)
    }

    /// What a new deployment deploys: a config version, the commits it pins and the document
    /// fetched from the config's `source_url`, if it has one.
    struct DeploymentSource {
        var configVersion: Int
        var configJSON: String
        var config: ToolConfiguration
        var commits: [ResolvedCommit]
        var document: Wire.SourceDocument?
    }

    func checkDescription(_ description: String) throws {
        guard description.count <= Self.maxDescriptionCharacters else {
            throw RPCError(.invalidArgument,
                "the description is \(description.count) characters long; at most \(Self.maxDescriptionCharacters) are kept, shorten it")
        }
    }

    /// Refuses a config whose repositories this executor's policy refuses.
    func checkRepositories(of config: ToolConfiguration) throws {
        if !configuration.allowLocalRepositories, let local = config.components.first(where: { $0.value.build.repository?.hasPrefix("file://") == true }) {
            throw RPCError(.failedPrecondition, "component \(local.key) builds from a file:// repository, which this executor refuses; start it with --allow-local-repositories")
        }
        for (name, component) in config.components.sorted(by: { $0.key < $1.key }) {
            guard let repository = component.build.repository else { continue }
            if let problem = RepositoryURLRule.problem(with: repository, allowLocal: true, allowPrivate: configuration.allowPrivateRepositories,
                                                       allowInsecure: configuration.allowInsecureRepositories) {
                throw RPCError(.failedPrecondition, "component \(name) builds from a repository this executor refuses: \(problem)")
            }
        }
    }

    /// Plans `source` against what runs now, then persists and queues the deployment unless
    /// `onlyPlan`. A rollback (`rollbackOf`) must plan no build: its images exist.
    func start(_ source: DeploymentSource, tool: String, description: String, forceBuild: Bool, forceRun: Bool, onlyPlan: Bool,
               rollbackOf: String? = nil) async throws -> Wire.CreateDeploymentResponse {
        let plan = try await plan(tool: tool, configJSON: source.configJSON, commits: source.commits, forceBuild: forceBuild, forceRun: forceRun)
        if let rollbackOf {
            let builds = plan.steps.filter { $0.kind == .build }.map(\.component)
            guard builds.isEmpty else {
                throw RPCError(.failedPrecondition,
                    "rolling back to \(rollbackOf) would build \(builds.joined(separator: ", ")): its images are gone; roll back to a newer deployment")
            }
        }
        let deployID = DeploymentID.make()
        var record = DeploymentRecord(
            deployId: deployID, tool: tool, creationTimeMs: ExecutorStore.nowMs, status: .pending,
            longStatus: onlyPlan ? "Plan only; nothing was deployed" : "Waiting to start",
            description: description, forceBuild: forceBuild, forceRun: forceRun,
            configVersion: source.configVersion, configJSON: source.configJSON,
            planJSON: try plan.storedJSON(), startTimeMs: nil, endTimeMs: nil,
            commitsJSON: String(decoding: try JSONEncoder().encode(source.commits), as: UTF8.self), rollbackOf: rollbackOf)
        record.sourceDocument = source.document
        let (builds, runs) = plan.stepRecords(of: deployID)
        if onlyPlan {
            return Wire.CreateDeploymentResponse(deployment: DeploymentSnapshot(deployment: record, builds: builds, runs: runs).wire)
        }
        try await store.insert(record, builds: builds, runs: runs)
        var job = DeploymentJob(
            deployID: deployID, tool: tool, config: source.config, plan: plan,
            commits: DeploymentJob.commitTable(source.commits),
            logFolder: configuration.logFolder(deployID), forceBuild: forceBuild)
        job.resolvedCommits = source.commits
        try FileManager.default.createDirectory(at: job.logFolder, withIntermediateDirectories: true)
        let (_, replaced) = try await queue.submit(job)
        try await store.prune(tool: tool, keep: configuration.keepDeployments, keepSuccessful: configuration.rollbackTargets)
        guard let snapshot = try await store.snapshot(deployID) else { throw RPCError(.internal, "the deployment was not stored") }
        return Wire.CreateDeploymentResponse(deployment: snapshot.wire, replacedDeployId: replaced ?? "")
    }

    /// The planner's plan of `configJSON` for `tool` against what runs now.
    func plan(tool: String, configJSON: String, commits: [ResolvedCommit], forceBuild: Bool, forceRun: Bool) async throws -> Plan {
        try await planning.plan(tool: tool, configJSON: configJSON, commits: commits, forceBuild: forceBuild, forceRun: forceRun)
    }

    /// What runs for each component of `tool`: the planner's input and the GetComponentStates answer.
    func componentStates(tool: String) async throws -> [Wire.ComponentState] {
        try await planning.componentStates(tool: tool)
    }

    private func resolveCommits(_ config: ToolConfiguration) async throws -> [ResolvedCommit] {
        var seen = Set<String>()
        var result: [ResolvedCommit] = []
        for name in config.components.keys.sorted() {
            guard let build = config.components[name]?.build, let repository = build.repository else { continue }
            guard seen.insert(DeploymentJob.commitKey(repository: repository, ref: build.ref)).inserted else { continue }
            do {
                let commit = try await backend.resolveCommit(repository: repository, ref: build.ref)
                result.append(ResolvedCommit(repository: repository, ref: build.ref, commit: commit))
            } catch {
                throw RPCError(.failedPrecondition, "cannot resolve \(build.ref ?? "HEAD") of \(repository) for component \(name): \(error)")
            }
        }
        return result
    }
}
