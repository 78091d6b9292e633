import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A client of one service: one connection that multiplexes every call, opened on first
/// use, re-opened after it breaks with exponential backoff between failed attempts.
///
/// While the peer is down, calls fail fast with `UNAVAILABLE` instead of hanging; every
/// call has a deadline (the server is told how long the caller waits) and cancelling the
/// calling task cancels the call on both sides.
public final class RPCClient: RPCCaller {
    /// How to reach the service.
    public struct Configuration: Sendable {
        /// The service's address.
        public var address: ServiceAddress
        /// The service name expected in the handshake (`config`, `planner`, `executor`).
        public var serviceName: String
        /// The shared service token the service requires.
        public var serviceToken: String
        /// Deadline of calls that do not give one.
        public var defaultTimeout: Duration = .seconds(30)
        /// How long one connection attempt may take.
        public var connectTimeout: Duration = .seconds(2)
        /// Wait after the first failed attempt; doubles per failure up to `maximumBackoff`.
        public var initialBackoff: Duration = .milliseconds(50)
        /// Longest wait between attempts.
        public var maximumBackoff: Duration = .seconds(2)
        /// Frames above this size close the connection.
        public var maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize

        /// Creates a configuration with default timeouts.
        public init(address: ServiceAddress, serviceName: String, serviceToken: String) {
            self.address = address
            self.serviceName = serviceName
            self.serviceToken = serviceToken
        }
    }

    private struct Connection: Sendable {
        var channel: any Channel
        var handler: NIOLoopBound<ClientConnectionHandler>
    }

    private enum State {
        case idle(failures: Int, retryAt: ContinuousClock.Instant?, lastError: RPCError?)
        case connecting(Task<Connection, any Error>)
        case connected(Connection)
        case closed
    }

    private enum Next {
        case use(Connection)
        case wait(Task<Connection, any Error>)
        case fail(RPCError)
    }

    /// The configuration this client was made with.
    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = NIOLockedValueBox<State>(.idle(failures: 0, retryAt: nil, lastError: nil))
    private let callIDs = NIOLockedValueBox<UInt64>(0)

    /// Creates a client; nothing connects until the first call.
    public init(configuration: Configuration, logger: Logger, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.logger = logger
        self.group = eventLoopGroup
    }

    /// The service it calls.
    public var serviceName: String { configuration.serviceName }

    /// Calls `method` and waits for its answer, at most `timeout` (default: the configured one).
    public func call<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod<Request, Response>,
        _ request: Request,
        timeout: Duration? = nil
    ) async throws(RPCError) -> Response {
        let budget = timeout ?? configuration.defaultTimeout
        let deadline = ContinuousClock.now.advanced(by: budget)
        let connection = try await connection()
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else {
            throw RPCError(.deadlineExceeded, "\(method) to the \(configuration.serviceName) service at \(configuration.address): no connection within \(budget)")
        }
        let callID = callIDs.withLockedValue { $0 += 1; return $0 }
        let envelope = Wire.Envelope(
            callId: callID, method: method.name, payload: request.protobufBytes(),
            deadlineMs: UInt64(max(1, remaining.milliseconds)), kind: .request)
        let response = try await send(envelope, on: connection, deadline: .nanoseconds(remaining.nanoseconds))
        if let status = response.status, status.code != .ok {
            throw RPCError(status: status)
        }
        return try Response(protobufBytes: response.payload)
    }

    /// Closes the connection; later calls fail with `UNAVAILABLE`.
    public func close() {
        let previous = state.withLockedValue { state -> State in
            defer { state = .closed }
            return state
        }
        switch previous {
        case .connected(let connection): connection.channel.close(promise: nil)
        case .connecting(let task): task.cancel()
        case .idle, .closed: break
        }
    }

    // MARK: - Sending

    private func send(_ envelope: Wire.Envelope, on connection: Connection, deadline: TimeAmount) async throws(RPCError) -> Wire.Envelope {
        if let tooLarge = Wire.Envelope.oversizeError(payloadBytes: envelope.payload.count, limit: configuration.maximumFrameSize,
                                                      what: "the request to \(envelope.method)") {
            throw tooLarge
        }
        let cancelled = NIOLockedValueBox(false)
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    connection.channel.eventLoop.execute {
                        connection.handler.value.start(envelope, deadline: deadline, cancelled: cancelled.withLockedValue { $0 }, continuation: continuation)
                    }
                }
            } onCancel: {
                cancelled.withLockedValue { $0 = true }
                connection.channel.eventLoop.execute { connection.handler.value.cancel(envelope.callId) }
            }
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError(.internal, "\(error)")
        }
    }

    // MARK: - Connecting

    private func connection() async throws(RPCError) -> Connection {
        let next = state.withLockedValue { state -> Next in
            switch state {
            case .connected(let connection) where connection.channel.isActive:
                return .use(connection)
            case .connecting(let task):
                return .wait(task)
            case .closed:
                return .fail(RPCError(.unavailable, "the client of the \(configuration.serviceName) service is closed"))
            case .idle(_, let retryAt?, let lastError) where ContinuousClock.now < retryAt:
                let wait = ContinuousClock.now.duration(to: retryAt)
                let cause = lastError.map { ": \($0.message)" } ?? ""
                return .fail(RPCError(.unavailable, "the \(configuration.serviceName) service at \(configuration.address) is unavailable\(cause); retrying in \(wait.milliseconds) ms"))
            case .idle(let failures, _, _):
                let task = Task { try await self.connect(failures: failures) }
                state = .connecting(task)
                return .wait(task)
            case .connected:
                let task = Task { try await self.connect(failures: 0) }
                state = .connecting(task)
                return .wait(task)
            }
        }
        switch next {
        case .use(let connection):
            return connection
        case .fail(let error):
            throw error
        case .wait(let task):
            do {
                return try await task.value
            } catch let error as RPCError {
                throw error
            } catch {
                throw RPCError(.unavailable, "\(error)")
            }
        }
    }

    private func connect(failures: Int) async throws -> Connection {
        do {
            let connection = try await openAndGreet()
            state.withLockedValue { $0 = .connected(connection) }
            connection.channel.closeFuture.whenComplete { [state] _ in
                state.withLockedValue { current in
                    if case .connected(let live) = current, live.channel === connection.channel {
                        current = .idle(failures: 0, retryAt: nil, lastError: nil)
                    }
                }
            }
            return connection
        } catch {
            let rpcError = error as? RPCError ?? RPCError(.unavailable, "cannot connect to the \(configuration.serviceName) service at \(configuration.address): \(error)")
            let backoff = min(configuration.maximumBackoff, configuration.initialBackoff * (1 << min(failures, 16)))
            state.withLockedValue { current in
                if case .connecting = current {
                    current = .idle(failures: failures + 1, retryAt: ContinuousClock.now.advanced(by: backoff), lastError: rpcError)
                }
            }
            logger.debug("connection failed", metadata: ["service": "\(configuration.serviceName)", "error": "\(rpcError.message)", "backoff_ms": "\(backoff.milliseconds)"])
            throw rpcError
        }
    }

    private func openAndGreet() async throws -> Connection {
        let peer = "the \(configuration.serviceName) service at \(configuration.address)"
        let maximumFrameSize = configuration.maximumFrameSize
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(configuration.connectTimeout.nanoseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameSize: maximumFrameSize)))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(EnvelopeFrameEncoder()))
                    try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler(peerDescription: peer))
                }
            }
            .connect(host: configuration.address.host, port: configuration.address.port)
            .get()
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self), eventLoop: channel.eventLoop)
        }.get()
        let connection = Connection(channel: channel, handler: handler)
        let hello = Wire.Hello(protocolVersion: ProtocolVersion.current, service: configuration.serviceName, token: configuration.serviceToken)
        let envelope = Wire.Envelope(callId: 0, method: ComponentsMethod.hello.name, payload: hello.protobufBytes(), kind: .request)
        do {
            let answer = try await send(envelope, on: connection, deadline: .nanoseconds(configuration.connectTimeout.nanoseconds))
            if let status = answer.status, status.code != .ok {
                throw RPCError(status: status)
            }
        } catch {
            channel.close(promise: nil)
            throw error
        }
        return connection
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
    /// Whole nanoseconds, rounded down.
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
