import Hummingbird
import NIOCore

/// What the gateway knows about one request: Hummingbird's core context and, once the
/// token was checked, who is calling.
public struct GatewayRequestContext: RequestContext {
    /// Hummingbird's part.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; `nil` on public endpoints.
    public var caller: Caller?
    /// The peer of the connection; nil in tests without one.
    public var remoteAddress: SocketAddress?
    /// The connection, where a client certificate may be asked for.
    let channel: (any Channel)?

    /// Creates a context for a new request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        caller = nil
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }
}
