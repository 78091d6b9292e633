import ComponentsModel
import NIOSSL
import Protocol

/// Where the gateway listens and where the services it calls are.
public struct GatewayConfiguration: Sendable {
    /// HTTP listen address; port 0 picks a free port.
    public var httpAddress: ServiceAddress
    /// The config service.
    public var configService: ServiceAddress
    /// The planner service.
    public var plannerService: ServiceAddress
    /// The executor service.
    public var executorService: ServiceAddress
    /// The shared token the services require.
    public var serviceToken: String
    /// Largest request body accepted; bigger ones answer 413.
    public var maximumBodySize: Int = 1 << 20
    /// Deadline of each call to a service.
    public var callTimeout: Duration = .seconds(30)
    /// A front that authenticates callers and names their tool in a header (Toolforge's nginx
    /// with client certificates); nil when only tokens authenticate.
    public var trustedFront: TrustedFront?
    /// Where the router serves tools, to show published components' addresses; nil without one.
    public var toolAddress: ToolAddress?
    /// The router's RPC address, whose metrics `/metrics` includes; nil without a router.
    public var routerService: ServiceAddress?
    /// HTTPS instead of HTTP (``GatewayTLS``); nil serves plain HTTP.
    public var tls: TLSConfiguration?
    /// Whether a client certificate the TLS configuration verified names the tool (its CN).
    public var clientCertificatesAuthenticate = false

    /// Creates a configuration.
    public init(httpAddress: ServiceAddress, configService: ServiceAddress, plannerService: ServiceAddress, executorService: ServiceAddress, serviceToken: String) {
        self.httpAddress = httpAddress
        self.configService = configService
        self.plannerService = plannerService
        self.executorService = executorService
        self.serviceToken = serviceToken
    }
}
