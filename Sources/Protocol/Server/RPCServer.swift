import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A listening RPC server: frames, the handshake and calls dispatched to a router.
///
/// `start` binds (so a caller learns the port at once, port 0 included); `run` serves until
/// graceful shutdown, then closes the listener and every open connection.
public final class RPCServer: Service, Sendable {
    /// The address actually bound.
    public let localAddress: ServiceAddress
    private let channel: any Channel
    private let connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>
    private let logger: Logger

    private init(channel: any Channel, localAddress: ServiceAddress, connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>, logger: Logger) {
        self.channel = channel
        self.localAddress = localAddress
        self.connections = connections
        self.logger = logger
    }

    /// Binds a server, which admits only clients that present its service token.
    public static func start(
        configuration: RPCServerConfiguration,
        router: RPCRouter,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RPCServer {
        if configuration.serviceToken.isEmpty {
            throw RPCError(.failedPrecondition, "the \(configuration.serviceName) service needs a shared service token; pass --service-token-file")
        }
        var withHealth = router
        let serviceName = configuration.serviceName
        withHealth.register(ComponentsMethod.health, placement: .eventLoop) { _, _ in
            Wire.HelloResponse(protocolVersion: ProtocolVersion.current, service: serviceName)
        }
        if let metrics = configuration.metrics {
            withHealth.register(ComponentsMethod.metrics, placement: .eventLoop) { _, _ in
                Wire.MetricsResponse(text: metrics.text())
            }
        }
        let router = withHealth
        let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
        let channel = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { child in
                let key = ObjectIdentifier(child)
                let admitted = connections.withLockedValue { open in
                    guard open.count < configuration.maximumConnections else { return false }
                    open[key] = child
                    return true
                }
                guard admitted else {
                    logger.warning("refused a connection: \(configuration.maximumConnections) are open")
                    return child.eventLoop.makeFailedFuture(RPCError(.resourceExhausted, "too many connections"))
                }
                child.closeFuture.whenComplete { _ in _ = connections.withLockedValue { $0.removeValue(forKey: key) } }
                let limit = FrameSizeLimit(min(configuration.helloFrameSize, configuration.maximumFrameSize))
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(limit: limit)))
                    try child.pipeline.syncOperations.addHandler(MessageToByteHandler(EnvelopeFrameEncoder()))
                    try child.pipeline.syncOperations.addHandler(ServerConnectionHandler(router: router, configuration: configuration, frameLimit: limit, logger: logger))
                }
            }
            .bind(host: configuration.address.host, port: configuration.address.port)
            .get()
        let port = channel.localAddress?.port ?? configuration.address.port
        let bound = ServiceAddress(host: configuration.address.host, port: port)
        logger.info("\(configuration.serviceName) service listening", metadata: ["address": "\(bound)", "methods": "\(router.methods.count)"])
        return RPCServer(channel: channel, localAddress: bound, connections: connections, logger: logger)
    }

    /// Connections open now.
    public var connectionCount: Int { connections.withLockedValue { $0.count } }

    /// Serves until graceful shutdown or `close()`.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            self.close()
        }
    }

    /// Stops listening and closes every connection.
    public func close() {
        channel.close(promise: nil)
        for connection in connections.withLockedValue({ Array($0.values) }) {
            connection.close(promise: nil)
        }
    }
}
