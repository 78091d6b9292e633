import Logging
import Protocol

/// The RPC clients of the three services; each keeps one multiplexed connection.
public struct BackendClients: Sendable {
    /// Client of the config service.
    public let config: RPCClient
    /// Client of the planner service.
    public let planner: RPCClient
    /// Client of the executor service.
    public let executor: RPCClient

    /// Creates clients; nothing connects until the first call.
    public init(configuration: GatewayConfiguration, logger: Logger) {
        func client(_ address: ServiceAddress, _ name: String) -> RPCClient {
            var options = RPCClient.Configuration(address: address, serviceName: name, serviceToken: configuration.serviceToken)
            options.defaultTimeout = configuration.callTimeout
            return RPCClient(configuration: options, logger: logger)
        }
        config = client(configuration.configService, "config")
        planner = client(configuration.plannerService, "planner")
        executor = client(configuration.executorService, "executor")
    }

    /// The clients by service name, in a stable order.
    public var all: [(name: String, client: RPCClient)] {
        [("config", config), ("planner", planner), ("executor", executor)]
    }

    /// Closes every connection.
    public func close() {
        all.forEach { $0.client.close() }
    }
}
