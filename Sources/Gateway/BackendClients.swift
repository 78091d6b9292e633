import Logging
import Protocol

/// How the gateway reaches the services (config, planner, executor, and the router for its
/// metrics): over RPC, each client keeping one multiplexed connection, or in process (route
/// tests).
public struct BackendClients: Sendable {
    /// Caller of the config service.
    public let config: any RPCCaller
    /// Caller of the planner service.
    public let planner: any RPCCaller
    /// Caller of the executor service.
    public let executor: any RPCCaller
    /// A caller of the config service of its own, for checking tokens the gateway has not
    /// seen valid lately, so a flood of made-up tokens never fills the main connection.
    public let unknownTokens: any RPCCaller
    /// Caller of the router, for its metrics; nil when the gateway knows no router.
    public let router: (any RPCCaller)?

    /// Callers given as they are (for example ``InProcessCaller``s); tokens not seen lately
    /// are checked on `unknownTokens`, on `config` when it is nil.
    public init(config: any RPCCaller, planner: any RPCCaller, executor: any RPCCaller, unknownTokens: (any RPCCaller)? = nil,
                router: (any RPCCaller)? = nil) {
        self.router = router
        self.config = config
        self.planner = planner
        self.executor = executor
        self.unknownTokens = unknownTokens ?? config
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
        unknownTokens = client(configuration.configService, "config")
        router = configuration.routerService.map { client($0, "router") }
    }

    /// The callers by service name, in a stable order.
    public var all: [(name: String, client: any RPCCaller)] {
        [("config", config), ("planner", planner), ("executor", executor)]
    }

    /// The services whose metrics `/metrics` includes: every one above and the router.
    var withMetrics: [any RPCCaller] {
        all.map(\.client) + (router.map { [$0] } ?? [])
    }

    /// Closes every connection.
    public func close() {
        all.forEach { $0.client.close() }
        router?.close()
        unknownTokens.close()
    }
}
