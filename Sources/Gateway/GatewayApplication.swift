import Hummingbird
import Logging
import NIOCore
import Protocol
import ServiceLifecycle

/// The HTTP gateway: JSON over HTTP in front of the three RPC services.
public enum GatewayApplication {
    /// Builds the application; `onListening` is told the bound address (useful with port 0).
    public static func make(
        configuration: GatewayConfiguration,
        backends: BackendClients,
        logger: Logger,
        onListening: @escaping @Sendable (ServiceAddress) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.addHealthRoutes(backends: backends)
        let host = configuration.httpAddress.host
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.httpAddress.port), serverName: "components-gateway"),
            onServerRunning: { channel in
                await onListening(ServiceAddress(host: host, port: channel.localAddress?.port ?? configuration.httpAddress.port))
            },
            logger: logger)
    }
}
