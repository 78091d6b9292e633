import ArgumentParser
import Foundation
import ExecutorService
import LocalBackend
import Logging
import Protocol
import ServiceLifecycle
import ToolConfig

/// Options of the executor.
public struct ExecutorOptions: ParsableArguments, Sendable {
    @Flag(help: "Accept file:// repositories (a single-machine setup; `all` always does).") public var allowLocalRepositories = false
    @Flag(help: "Let git reach repositories on loopback, private and link-local addresses (checked on every address the name resolves to); with `all`, source_url documents too.")
    public var allowPrivateRepositories = false
    @Flag(help: "Let git use unencrypted http:// and git:// repositories; with `all`, http:// source_url documents too.") public var allowInsecureRepositories = false
    @Option(help: "Seconds after which a running deployment becomes timed_out.") public var deploymentTimeout = 3600
    @Option(help: "Finished deployments kept per tool; older ones go with their logs.") public var keepDeployments = 25
    @Option(help: "Successful deployments kept per tool as rollback targets, with their images, even when older than --keep-deployments.")
    public var rollbackTargets = 5
    @Option(help: "Seconds between retention sweeps, which delete pruned deployments' logs and unused images and mirrors.")
    public var sweepInterval = 600
    @Option(help: "Seconds an image or mirror that nothing needs is kept after its last use.") public var keepUnusedFor = 3600
    @Option(help: "Builds run in parallel up to this many.") public var buildConcurrency = 2
    @Flag(help: "Stop the components on exit (by default they keep running and are re-adopted on the next start).")
    public var stopComponentsOnExit = false
    @Option(help: "How the processes of tools are confined: `bubblewrap` (each in its own sandbox; needs the bubblewrap package) or `none` (unconfined: every tool can read every other tool's files and the executor's state).")
    public var sandbox: Sandbox.Mode = .bubblewrap
    @Option(help: "Where tools' processes are on the network: `namespace` (each run in its own network namespace on a bridge of its tool, listening on its declared port, reaching only its own tool's components by name; needs root with CAP_NET_ADMIN, else the executor falls back to `host` and says so) or `host` (the host's network, shared by all tools).")
    public var network: NetworkMode = .namespace
    @Option(help: "The IPv4 range tools' networks are made from in namespace mode, a /24 per tool (A.B.C.D/N, N at most 24).")
    public var networkRange: IPv4Subnet = .defaultRange
    @Option(help: .hidden) public var networkLinkPrefix = "cmp"
    @Option(help: "When the executor runs as root: run each tool's processes as its own user and group, allocated from this range (FIRST-LAST, e.g. 200000-265535) and recorded in the state folder.")
    public var toolUIDRange: ToolUIDRange?
    @Option(help: "Memory limit of a run whose config sets no memory (512Mi, 1Gi).")
    public var defaultMemory = ResourcePolicy.standardMemory
    @Option(name: .customLong("default-cpu"), help: "CPU quota of a run whose config sets no cpu (1, 0.5, 500m).")
    public var defaultCPU = ResourcePolicy.standardCPU
    @Option(help: "Most processes and threads one run may have at once (stops fork bombs).")
    public var maxPids = ResourcePolicy.standardPids
    @Option(help: "Seconds between readings of the components' resource use for /metrics.")
    public var usageInterval = 5
    @Option(help: "Seconds a continuous component may take to pass its health check before its start counts as failed.")
    public var startupTimeout = 60
    @Option(help: "Seconds a replaced instance of a published component keeps serving the requests it has after the router switched to the new one.")
    public var drainPeriod = 10
    @Option(help: "Deploy on push: no tool polls its repositories more often than this many seconds, whatever its auto-deploy: {poll: ...} asks.")
    public var minimumPollInterval = 30
    @Option(help: "Deploy on push: git ls-remote processes polling runs at once for all tools (each tool has at most one).")
    public var pollConcurrency = 4
    @Option(help: "Deploy on push: seconds after which one git ls-remote of polling is killed.")
    public var pollTimeout = 30

    public init() {}

    public func validate() throws {
        guard maxPids >= 1 else { throw ValidationError("--max-pids must be at least 1") }
        guard usageInterval >= 1 else { throw ValidationError("--usage-interval must be at least 1 second") }
        guard (1...3600).contains(startupTimeout) else { throw ValidationError("--startup-timeout must be 1 to 3600 seconds") }
        guard (0...3600).contains(drainPeriod) else { throw ValidationError("--drain-period must be 0 to 3600 seconds") }
        guard minimumPollInterval >= 1 else { throw ValidationError("--minimum-poll-interval must be at least 1 second") }
        guard pollConcurrency >= 1 else { throw ValidationError("--poll-concurrency must be at least 1") }
        guard pollTimeout >= 1 else { throw ValidationError("--poll-timeout must be at least 1 second") }
        guard (1...5).contains(networkLinkPrefix.count), networkLinkPrefix.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) else {
            throw ValidationError("--network-link-prefix must be 1 to 5 lowercase letters or digits")
        }
    }

    /// The run limits these options set.
    public var resources: ResourcePolicy {
        ResourcePolicy(defaultMemory: defaultMemory, defaultCPU: defaultCPU, pids: maxPids)
    }
}

/// Starts the executor service: its store, local backend, recovery and RPC server.
public enum ExecutorHost {
    /// The executor's server, the queue that runs its deployments, and a hook that, on
    /// shutdown, stops the components it runs or leaves them running for the next start to
    /// re-adopt.
    public static func start(_ address: ServiceAddress, config: ServiceAddress, planner: ServiceAddress,
                             executor: ExecutorOptions, options: ServiceOptions, logger: Logger) async throws -> (RPCServer, [any Service]) {
        let token = try options.serviceToken()
        var configuration = ExecutorConfiguration(stateDirectory: try options.makeStateDirectory("executor"))
        configuration.allowLocalRepositories = executor.allowLocalRepositories
        configuration.allowPrivateRepositories = executor.allowPrivateRepositories
        configuration.allowInsecureRepositories = executor.allowInsecureRepositories
        configuration.deploymentTimeout = .seconds(executor.deploymentTimeout)
        configuration.keepDeployments = executor.keepDeployments
        configuration.rollbackTargets = executor.rollbackTargets
        configuration.sweepInterval = .seconds(max(1, executor.sweepInterval))
        configuration.keepUnusedFor = .seconds(max(0, executor.keepUnusedFor))
        configuration.buildConcurrency = executor.buildConcurrency
        configuration.autoDeploy.minimumInterval = .seconds(executor.minimumPollInterval)
        configuration.autoDeploy.concurrentChecks = executor.pollConcurrency
        configuration.autoDeploy.checkTimeout = .seconds(executor.pollTimeout)
        // A short minimum (tests, laptops) is only honoured if the poller looks often enough.
        configuration.autoDeploy.tick = min(Duration.seconds(1), Duration.seconds(executor.minimumPollInterval) / 4)
        configuration.autoDeploy.configRefresh = min(Duration.seconds(15), Duration.seconds(executor.minimumPollInterval))
        let sandbox = try await makeSandbox(executor.sandbox, logger: logger)
        if executor.toolUIDRange != nil {
            guard geteuid() == 0 else {
                throw ValidationError("--tool-uid-range needs the executor to run as root (it switches each tool's processes to their own user)")
            }
            guard sandbox.mode == .bubblewrap else {
                throw ValidationError("--tool-uid-range needs --sandbox bubblewrap")
            }
        }
        let networks = await makeNetworks(executor.network, sandbox: sandbox, range: executor.networkRange, linkPrefix: executor.networkLinkPrefix,
                                          directory: configuration.stateDirectory.appendingPathComponent("network", isDirectory: true), logger: logger)
        let routes = RouteTable()
        let backend = LocalBackend(stateDirectory: configuration.stateDirectory, allowLocalRepositories: executor.allowLocalRepositories,
                                   allowPrivateRepositories: executor.allowPrivateRepositories,
                                   allowInsecureRepositories: executor.allowInsecureRepositories,
                                   startupTimeout: .seconds(executor.startupTimeout), sandbox: sandbox,
                                   toolUIDRange: executor.toolUIDRange?.uids, resources: executor.resources,
                                   routes: routes, drainPeriod: .seconds(executor.drainPeriod), networks: networks, logger: logger)
        let metrics = ServiceMetrics(service: "executor")
        let core = try ExecutorServiceCore(
            configuration: configuration, backend: backend,
            configClient: RPCClient(configuration: .init(address: config, serviceName: "config", serviceToken: token), logger: logger),
            plannerClient: RPCClient(configuration: .init(address: planner, serviceName: "planner", serviceToken: token), logger: logger),
            logger: logger, metrics: metrics)
        await backend.endLeftoverProcesses()
        try await core.recover()
        let poller = AutoDeployPoller(core: core, limits: configuration.autoDeploy, metrics: metrics)
        var router = core.router()
        poller.register(in: &router)
        routes.register(on: &router)
        let server = try await RPCServer.start(configuration: options.serverConfiguration(address, "executor", metrics: metrics),
                                               router: router, logger: logger)
        let stopComponents = executor.stopComponentsOnExit
        let usage = ResourceUsagePublisher(backend: backend, metrics: metrics, interval: .seconds(executor.usageInterval))
        return (server, [core.deployments, core.sweeper, poller, usage, ShutdownHook { await backend.shutdown(stopProcesses: stopComponents) }])
    }

    /// The tools' networks for `mode`: nil on the host's network, chosen or fallen back to
    /// (with a message saying why) when the executor cannot make bridges or runs unsandboxed.
    static func makeNetworks(_ mode: NetworkMode, sandbox: Sandbox, range: IPv4Subnet, linkPrefix: String, directory: URL,
                             logger: Logger) async -> ToolNetworks? {
        guard mode == .namespace else {
            logger.notice("--network host: tools share the host's network; each can reach the others' components and anything listening on loopback")
            return nil
        }
        guard sandbox.mode == .bubblewrap else {
            logger.warning("--sandbox none has no network namespaces: tools share the host's network (as with --network host)")
            return nil
        }
        let networks = ToolNetworks(range: range, linkPrefix: linkPrefix, directory: directory, logger: logger)
        if let reason = await networks.probe() {
            logger.warning("falling back to --network host: \(reason). Tools share the host's network; each can reach the others' components and anything listening on loopback.")
            return nil
        }
        logger.info("each run in its own network namespace, on its tool's bridge", metadata: ["range": "\(range)"])
        return networks
    }

    /// The sandbox of `mode`, checked to work; `none` is allowed, loudly.
    static func makeSandbox(_ mode: Sandbox.Mode, logger: Logger) async throws -> Sandbox {
        switch mode {
        case .bubblewrap:
            let sandbox = Sandbox.bubblewrap()
            try await sandbox.check()
            return sandbox
        case .none:
            logger.warning("--sandbox none: tools run unconfined; each can read every other tool's files, logs and images, and the executor's state (config.sqlite with every tool's env values). Use it only where a single trusted tool runs.")
            return .none
        }
    }
}

/// What `componentsd executor` and `componentsd-executor` take and do.
public struct ExecutorServiceArguments: ParsableArguments, Sendable {
    @Option(help: "RPC listen address.") public var listen = ServiceAddress(host: "127.0.0.1", port: 7403)
    @Option(help: "Address of the config service.") public var configService = ServiceAddress(host: "127.0.0.1", port: 7401)
    @Option(help: "Address of the planner service.") public var plannerService = ServiceAddress(host: "127.0.0.1", port: 7402)
    @OptionGroup public var executor: ExecutorOptions
    @OptionGroup public var options: ServiceOptions

    public init() {}

    /// Runs the executor until SIGTERM or SIGINT.
    public func run() async throws {
        let logger = options.startProcess(label: "componentsd.executor")
        let (server, services) = try await ExecutorHost.start(listen, config: configService, planner: plannerService,
                                                              executor: executor, options: options, logger: logger)
        announce("executor", server.localAddress)
        try await ServiceRunner.run([server] + services, logger: logger)
    }
}
