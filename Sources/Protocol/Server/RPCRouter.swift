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

/// Handlers by method name.
public struct RPCRouter: Sendable {
    typealias Handler = @Sendable ([UInt8], RPCContext) async throws -> [UInt8]
    private(set) var handlers: [String: Handler] = [:]

    /// Creates an empty router.
    public init() {}

    /// Registers `handler` for `method`. The payload is decoded as `Request` (a payload that
    /// does not decode answers `INVALID_ARGUMENT` without calling the handler).
    public mutating func register<Request: WireMessage, Response: WireMessage>(
        _ method: String,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        handlers[method] = { payload, context in
            let request = try Request(protobufBytes: payload)
            return try await handler(request, context).protobufBytes()
        }
    }

    /// The registered method names, sorted.
    public var methods: [String] { handlers.keys.sorted() }
}
