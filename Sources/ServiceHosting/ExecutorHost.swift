import ArgumentParser
import ExecutorService
import LocalBackend
import Logging
import Protocol
import ServiceLifecycle
import ToolConfig

/// Options of the executor.
public struct ExecutorOptions: ParsableArguments, Sendable {
    @Flag(help: "Accept file:// repositories (a single-machine setup; `all` always does).") public var allowLocalRepositories = false
    @Flag(help: "Let git reach repositories on loopback, private and link-local addresses (checked on every address the name resolves to).")
    public var allowPrivateRepositories = false
    @Flag(help: "Let git use unencrypted http:// and git:// repositories.") public var allowInsecureRepositories = false
    @Option(help: "Seconds after which a running deployment becomes timed_out.") public var deploymentTimeout = 3600
    @Option(help: "Finished deployments kept per tool.") public var keepDeployments = 25
    @Option(help: "Builds run in parallel up to this many.") public var buildConcurrency = 2
    @Flag(help: "Stop the components on exit (by default they keep running and are re-adopted on the next start).")
    public var stopComponentsOnExit = false
    @Option(help: "Memory limit of a run whose config sets no memory (512Mi, 1Gi).")
    public var defaultMemory = ResourcePolicy.standardMemory
    @Option(name: .customLong("default-cpu"), help: "CPU quota of a run whose config sets no cpu (1, 0.5, 500m).")
    public var defaultCPU = ResourcePolicy.standardCPU
    @Option(help: "Most processes and threads one run may have at once (stops fork bombs).")
    public var maxPids = ResourcePolicy.standardPids
    @Option(help: "Seconds between readings of the components' resource use for /metrics.")
    public var usageInterval = 5

    public init() {}

    public func validate() throws {
        guard maxPids >= 1 else { throw ValidationError("--max-pids must be at least 1") }
        guard usageInterval >= 1 else { throw ValidationError("--usage-interval must be at least 1 second") }
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
        configuration.buildConcurrency = executor.buildConcurrency
        let backend = LocalBackend(stateDirectory: configuration.stateDirectory, allowLocalRepositories: executor.allowLocalRepositories,
                                   allowPrivateRepositories: executor.allowPrivateRepositories,
                                   allowInsecureRepositories: executor.allowInsecureRepositories,
                                   resources: executor.resources, logger: logger)
        let metrics = ServiceMetrics(service: "executor")
        let core = try ExecutorServiceCore(
            configuration: configuration, backend: backend,
            configClient: RPCClient(configuration: .init(address: config, serviceName: "config", serviceToken: token), logger: logger),
            plannerClient: RPCClient(configuration: .init(address: planner, serviceName: "planner", serviceToken: token), logger: logger),
            logger: logger, metrics: metrics)
        try await core.recover()
        let server = try await RPCServer.start(configuration: options.serverConfiguration(address, "executor", metrics: metrics),
                                               router: core.router(), logger: logger)
        let stopComponents = executor.stopComponentsOnExit
        let usage = ResourceUsagePublisher(backend: backend, metrics: metrics, interval: .seconds(executor.usageInterval))
        return (server, [core.deployments, usage, ShutdownHook { await backend.shutdown(stopProcesses: stopComponents) }])
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
