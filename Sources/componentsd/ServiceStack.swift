import ConfigService
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

    private func serverConfiguration(_ address: ServiceAddress, _ name: String) throws -> RPCServerConfiguration {
        RPCServerConfiguration(address: address, serviceName: name, serviceToken: try options.serviceToken())
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

    func startExecutor(_ address: ServiceAddress, config: ServiceAddress, planner: ServiceAddress) async throws -> RPCServer {
        try await RPCServer.start(configuration: serverConfiguration(address, "executor"), router: RPCRouter(), logger: logger)
    }

    func gateway(_ address: ServiceAddress, config: ServiceAddress, planner: ServiceAddress, executor: ServiceAddress) throws -> any Service {
        let configuration = GatewayConfiguration(httpAddress: address, configService: config, plannerService: planner, executorService: executor, serviceToken: try options.serviceToken())
        return GatewayApplication.make(
            configuration: configuration,
            backends: BackendClients(configuration: configuration, logger: logger),
            logger: logger,
            onListening: { announce("gateway", $0) })
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
