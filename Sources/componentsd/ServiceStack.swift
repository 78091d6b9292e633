import ConfigService
import ExecutorService
import Foundation
import Gateway
import PlannerService
import Logging
import Protocol
import ServiceLifecycle

/// Starts the services a command asks for and runs them in one `ServiceGroup`, which owns
/// SIGTERM/SIGINT and graceful shutdown.
struct ServiceStack {
    let options: ServiceOptions
    let logger: Logger

    private func serverConfiguration(_ address: ServiceAddress, _ name: String, metrics: ServiceMetrics? = nil) throws -> RPCServerConfiguration {
        RPCServerConfiguration(address: address, serviceName: name, serviceToken: try options.serviceToken(), metrics: metrics ?? ServiceMetrics(service: name))
    }

    func startConfig(_ address: ServiceAddress, images: String?, allowLocalRepositories: Bool) async throws -> RPCServer {
        let store = try ConfigStore(path: try options.makeStateDirectory().appendingPathComponent("config.sqlite").path)
        let registry = try images.map { try ImageRegistry.load(path: $0) } ?? ImageRegistry()
        let handlers = ConfigServiceHandlers(store: store, images: registry, allowLocalRepositories: allowLocalRepositories)
        return try await RPCServer.start(configuration: serverConfiguration(address, "config"), router: handlers.router(), logger: logger)
    }

    func startPlanner(_ address: ServiceAddress) async throws -> RPCServer {
        try await RPCServer.start(configuration: serverConfiguration(address, "planner"), router: PlannerRPC.router(), logger: logger)
    }

    /// The executor and a hook that, on shutdown, stops the components it runs or leaves
    /// them running for the next start to re-adopt.
    func startExecutor(_ address: ServiceAddress, config: ServiceAddress, planner: ServiceAddress, options executor: ExecutorOptions) async throws -> (RPCServer, any Service) {
        let token = try options.serviceToken()
        var configuration = ExecutorConfiguration(stateDirectory: try options.makeStateDirectory("executor"))
        configuration.allowLocalRepositories = executor.allowLocalRepositories
        configuration.deploymentTimeout = .seconds(executor.deploymentTimeout)
        configuration.keepDeployments = executor.keepDeployments
        configuration.buildConcurrency = executor.buildConcurrency
        let backend = LocalBackend(stateDirectory: configuration.stateDirectory, allowLocalRepositories: executor.allowLocalRepositories, logger: logger)
        let metrics = ServiceMetrics(service: "executor")
        let core = try ExecutorServiceCore(
            configuration: configuration, backend: backend,
            configClient: RPCClient(configuration: .init(address: config, serviceName: "config", serviceToken: token), logger: logger),
            plannerClient: RPCClient(configuration: .init(address: planner, serviceName: "planner", serviceToken: token), logger: logger),
            logger: logger, metrics: metrics)
        await core.recover()
        let server = try await RPCServer.start(configuration: serverConfiguration(address, "executor", metrics: metrics), router: core.router(), logger: logger)
        let stopComponents = executor.stopComponentsOnExit
        return (server, ShutdownHook { await backend.shutdown(stopProcesses: stopComponents) })
    }

    func gateway(_ address: ServiceAddress, config: ServiceAddress, planner: ServiceAddress, executor: ServiceAddress,
                 onListening: @escaping @Sendable (ServiceAddress) async -> Void = { _ in }) throws -> any Service {
        let configuration = GatewayConfiguration(httpAddress: address, configService: config, plannerService: planner, executorService: executor, serviceToken: try options.serviceToken())
        return GatewayApplication.make(
            configuration: configuration,
            backends: BackendClients(configuration: configuration, logger: logger),
            logger: logger,
            onListening: { address in
                await onListening(address)
                announce("gateway", address)
            })
    }

    /// Runs `action` when the group shuts down gracefully.
    struct ShutdownHook: Service {
        let action: @Sendable () async -> Void
        func run() async throws {
            try? await gracefulShutdown()
            await action()
        }
    }

    func run(_ services: [any Service]) async throws {
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
