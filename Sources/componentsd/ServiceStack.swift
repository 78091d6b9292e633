import ComponentsModel
import ConfigService
import Foundation
import Gateway
import PlannerService
import Logging
import Protocol
import ServiceHosting
import ServiceLifecycle
import ToolConfig

/// Starts the services a command asks for and runs them in one `ServiceGroup`. The executor's
/// start is ExecutorHost's, which `componentsd-executor` shares.
struct ServiceStack {
    let options: ServiceOptions
    let logger: Logger

    func startConfig(_ address: ServiceAddress, images: String?, allowLocalRepositories: Bool, allowPrivateRepositories: Bool,
                     allowInsecureRepositories: Bool, limits: ParseLimits) async throws -> RPCServer {
        let store = try ConfigStore(path: try options.makeStateDirectory().appendingPathComponent("config.sqlite").path)
        let registry = try images.map { try ImageRegistry.load(path: $0) } ?? ImageRegistry()
        let handlers = ConfigServiceHandlers(store: store, images: registry, allowLocalRepositories: allowLocalRepositories,
                                             allowPrivateRepositories: allowPrivateRepositories,
                                             allowInsecureRepositories: allowInsecureRepositories, limits: limits)
        return try await RPCServer.start(configuration: options.serverConfiguration(address, "config"), router: handlers.router(), logger: logger)
    }

    func startPlanner(_ address: ServiceAddress) async throws -> RPCServer {
        try await RPCServer.start(configuration: options.serverConfiguration(address, "planner"), router: PlannerRPC.router(), logger: logger)
    }

    /// The executor's server, and its deployment queue and shutdown hook.
    func startExecutor(_ address: ServiceAddress, config: ServiceAddress, planner: ServiceAddress,
                       executor: ExecutorOptions) async throws -> (server: RPCServer, services: [any Service]) {
        try await ExecutorHost.start(address, config: config, planner: planner, executor: executor, options: options, logger: logger)
    }

    func gateway(_ address: ServiceAddress, config: ServiceAddress, planner: ServiceAddress, executor: ServiceAddress, router: ServiceAddress?,
                 toolAddress: ToolAddress?, trustedFront: TrustedFront?, tls: GatewayTLSOptions,
                 onListening: @escaping @Sendable (ServiceAddress) async -> Void = { _ in }) throws -> any Service {
        var configuration = GatewayConfiguration(httpAddress: address, configService: config, plannerService: planner, executorService: executor, serviceToken: try options.serviceToken())
        configuration.routerService = router
        configuration.toolAddress = toolAddress
        configuration.trustedFront = trustedFront
        try tls.apply(to: &configuration)
        return try GatewayApplication.make(
            configuration: configuration,
            backends: BackendClients(configuration: configuration, logger: logger),
            logger: logger,
            onListening: { address in
                await onListening(address)
                announce("gateway", address)
            })
    }

    func run(_ services: [any Service]) async throws {
        try await ServiceRunner.run(services, logger: logger)
    }
}
