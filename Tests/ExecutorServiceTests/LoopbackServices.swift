import ComponentsTesting
import ConfigService
import Protocol
import PlannerService

/// A config service over `store` (allowing `file://` repositories, and with `allowLoopback`
/// private and http:// hosts, for `source_url`s served on loopback) and a planner, on free
/// loopback ports, with a client of each: what an executor core under test calls.
struct LoopbackServices {
    let servers: [RPCServer]
    let configClient: RPCClient
    let plannerClient: RPCClient

    static func start(store: ConfigStore, allowLoopback: Bool = false) async throws -> LoopbackServices {
        let handlers = ConfigServiceHandlers(store: store, images: ImageRegistry(), allowLocalRepositories: true,
                                             allowPrivateRepositories: allowLoopback, allowInsecureRepositories: allowLoopback)
        let config = try await RPCServer.start(
            configuration: .init(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "config", serviceToken: testServiceToken),
            router: handlers.router(), logger: silentLogger)
        let planner = try await RPCServer.start(
            configuration: .init(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "planner", serviceToken: testServiceToken),
            router: PlannerRPC.router(), logger: silentLogger)
        // A long Hello deadline: the suite shares two cores, and the 2 s default is for services.
        func client(_ server: RPCServer, _ name: String) -> RPCClient {
            var configuration = RPCClient.Configuration(address: server.localAddress, serviceName: name, serviceToken: testServiceToken)
            configuration.connectTimeout = .seconds(15)
            return RPCClient(configuration: configuration, logger: silentLogger)
        }
        return LoopbackServices(servers: [config, planner], configClient: client(config, "config"), plannerClient: client(planner, "planner"))
    }

    /// Closes the clients and stops the servers.
    func close() {
        servers.forEach { $0.close() }
        configClient.close()
        plannerClient.close()
    }
}
