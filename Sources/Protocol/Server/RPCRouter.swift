import Logging

/// What a handler knows about the call it serves.
public struct RPCContext: Sendable {
    /// The method called, like `config.v1.PutConfig`.
    public var method: String
    /// When the caller stops waiting, if it said.
    public var deadline: ContinuousClock.Instant?
    /// The remote address, for logs.
    public var peer: String
    /// A logger with the call's metadata.
    public var logger: Logger
}

/// Where a handler runs.
public enum RPCHandlerPlacement: Sendable, Hashable {
    /// On Swift's global concurrent executor: for handlers that may block a thread (SQLite,
    /// files). The default.
    case pool
    /// On the event loop of the connection that called, with no thread hop before or after:
    /// only for handlers that never block and finish quickly (health, metrics, pure
    /// computations), since the loop serves nothing else meanwhile.
    case eventLoop
}

/// Handlers by method name.
public struct RPCRouter: Sendable {
    typealias Handler = @Sendable ([UInt8], RPCContext) async throws -> [UInt8]
    struct Route: Sendable {
        var handler: Handler
        var placement: RPCHandlerPlacement
    }
    private(set) var routes: [String: Route] = [:]

    /// Creates an empty router.
    public init() {}

    /// Registers `handler` for `method`, replacing the one registered before. The payload is
    /// decoded as the method's `Request` (a payload that does not decode answers
    /// `INVALID_ARGUMENT` without calling the handler).
    public mutating func register<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod<Request, Response>,
        placement: RPCHandlerPlacement = .pool,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        routes[method.name] = Route(handler: { payload, context in
            let request = try Request(protobufBytes: payload)
            return try await handler(request, context).protobufBytes()
        }, placement: placement)
    }

    /// The registered method names, sorted.
    public var methods: [String] { routes.keys.sorted() }
}
