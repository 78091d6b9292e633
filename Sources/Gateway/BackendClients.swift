import Logging
import Protocol

/// How the gateway reaches the three services: over RPC, each client keeping one
/// multiplexed connection, or in process (route tests).
public struct BackendClients: Sendable {
    /// Caller of the config service.
    public let config: any RPCCaller
    /// Caller of the planner service.
    public let planner: any RPCCaller
    /// Caller of the executor service.
    public let executor: any RPCCaller

    /// Callers given as they are (for example ``InProcessCaller``s).
    public init(config: any RPCCaller, planner: any RPCCaller, executor: any RPCCaller) {
        self.config = config
        self.planner = planner
        self.executor = executor
    }

    /// RPC clients of the configured addresses; nothing connects until the first call.
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

    /// The callers by service name, in a stable order.
    public var all: [(name: String, client: any RPCCaller)] {
        [("config", config), ("planner", planner), ("executor", executor)]
    }

    /// Closes every connection.
    public func close() {
        all.forEach { $0.client.close() }
    }
}
