import Logging

/// Calls a router's handlers in this process, with no socket and no framing. Payloads are
/// still encoded and decoded, and errors become statuses the way the server makes them, so a
/// handler sees and answers what it would over the network.
public struct InProcessCaller: RPCCaller {
    /// The service the router serves.
    public let serviceName: String
    private let router: RPCRouter
    private let logger: Logger

    /// A caller of `router`, which answers the health call like a server of `serviceName`.
    public init(serviceName: String, router: RPCRouter, logger: Logger) {
        var withHealth = router
        withHealth.register(ComponentsMethod.health, placement: .eventLoop) { _, _ in
            Wire.HelloResponse(protocolVersion: ProtocolVersion.current, service: serviceName)
        }
        self.serviceName = serviceName
        self.router = withHealth
        self.logger = logger
    }

    /// Calls the handler of `method`; `timeout` is not enforced in process.
    public func call<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod<Request, Response>, _ request: Request, timeout: Duration?
    ) async throws(RPCError) -> Response {
        guard let route = router.routes[method.name] else {
            throw RPCError(.unimplemented, "unknown method \"\(method)\" on the \(serviceName) service")
        }
        let context = RPCContext(method: method.name, deadline: timeout.map { ContinuousClock.now.advanced(by: $0) },
                                 peer: "in-process", logger: logger)
        let answer: [UInt8]
        do {
            answer = try await route.handler(request.protobufBytes(), context)
        } catch {
            throw RPCError(status: ServerConnectionHandler.status(for: error, logger: logger))
        }
        do {
            return try Response(protobufBytes: answer)
        } catch {
            throw RPCError(.internal, "the \(serviceName) service answered \(method) with a payload that does not decode")
        }
    }

    /// Nothing to close.
    public func close() {}
}
