import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import Protocol
import ServiceLifecycle

/// The HTTP gateway: JSON over HTTP in front of the three RPC services.
public enum GatewayApplication {
    /// The path prefixes the API is served under: ours, and the one the Toolforge API
    /// gateway puts in front (`/components/v1/...`).
    public static let pathPrefixes = ["", "/components"]

    /// Builds the application; `onListening` is told the bound address (useful with port 0).
    /// `metrics` holds the gateway's Prometheus metrics, served on `/metrics`.
    public static func make(
        configuration: GatewayConfiguration,
        backends: BackendClients,
        logger: Logger,
        metrics: GatewayMetrics = GatewayMetrics(),
        onListening: @escaping @Sendable (ServiceAddress) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = makeRouter(configuration: configuration, backends: backends, metrics: metrics)
        let host = configuration.httpAddress.host
        let server: HTTPServerBuilder = try configuration.tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: configuration.httpAddress.port), serverName: "components-gateway"),
            onServerRunning: { channel in
                await onListening(ServiceAddress(host: host, port: channel.localAddress?.port ?? configuration.httpAddress.port))
            },
            logger: logger)
    }

    /// The router with every route and middleware, for ``make(configuration:backends:logger:metrics:onListening:)``.
    static func makeRouter(configuration: GatewayConfiguration, backends: BackendClients, metrics: GatewayMetrics) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        // Outermost first: observe what the caller finally gets, then turn errors into envelopes.
        router.add(middleware: ObservationMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: BodyLimitMiddleware(limit: configuration.maximumBodySize))
        let authenticator = Authenticator(known: backends.config, unknown: backends.unknownTokens)
        let routes = APIRoutes(backends: backends, configuration: configuration, metrics: metrics, authenticator: authenticator)
        for prefix in pathPrefixes {
            router.addHealthRoutes(backends: backends, prefix: prefix)
            router.addServiceRoutes(prefix: prefix, metrics: metrics, backends: backends)
            routes.register(on: router, prefix: prefix)
        }
        return router
    }
}
