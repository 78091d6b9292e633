import Logging
import NIOCore

/// Serves the calls of one connection: the `Hello` handshake first, then requests
/// dispatched to the router as tasks, answered out of order, cancelled on `CANCEL`, on
/// their deadline, or when the connection closes.
///
/// All state lives on the channel's event loop.
final class ServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = Wire.Envelope

    private struct InFlightCall {
        var task: Task<Void, Never>
        var timer: Scheduled<Void>?
    }

    private let router: RPCRouter
    private let configuration: RPCServerConfiguration
    private var logger: Logger
    private var greeted = false
    private var inFlight: [UInt64: InFlightCall] = [:]
    private var context: ChannelHandlerContext?
    /// Read once: `remoteAddress` is a system call each time.
    private var peer = "?"
    /// Runs `.eventLoop` handlers on this connection's loop; made on first use.
    private var loopExecutor: EventLoopTaskExecutor?

    /// The connection's frame limit: small until `Hello`, the configured one after.
    private let frameLimit: FrameSizeLimit
    /// Closes the connection when it has not said `Hello` in time.
    private var helloDeadline: Scheduled<Void>?

    init(router: RPCRouter, configuration: RPCServerConfiguration, frameLimit: FrameSizeLimit, logger: Logger) {
        self.router = router
        self.configuration = configuration
        self.frameLimit = frameLimit
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = context.remoteAddress.map { "\($0)" } ?? "?"
        logger[metadataKey: "peer"] = "\(peer)"
        let channel = context.channel
        let logger = logger
        let timeout = configuration.helloTimeout
        helloDeadline = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(clamping: timeout.nanoseconds))) {
            logger.debug("closing a connection that did not say Hello within \(timeout)")
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        helloDeadline?.cancel()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        for call in inFlight.values {
            call.task.cancel()
            call.timer?.cancel()
        }
        inFlight.removeAll()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope: Wire.Envelope
        do {
            envelope = try Wire.Envelope(frame: unwrapInboundIn(data))
        } catch {
            logger.warning("closing connection: received a frame that is not an Envelope")
            closeWith(Wire.Envelope(status: RPCError(.invalidArgument, "frame is not a valid Envelope").status, kind: .response))
            return
        }
        switch envelope.kind {
        case .cancel:
            if let call = inFlight.removeValue(forKey: envelope.callId) {
                call.task.cancel()
                call.timer?.cancel()
            }
        case .response:
            logger.debug("ignoring a response sent to a server", metadata: ["call_id": "\(envelope.callId)"])
        case .request:
            if greeted {
                dispatch(envelope)
            } else {
                greet(envelope)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let tooLarge = error as? FrameTooLargeError {
            logger.warning("closing connection: \(tooLarge)")
            closeWith(Wire.Envelope(status: RPCError(.resourceExhausted, "\(tooLarge)").status, kind: .response))
        } else {
            logger.debug("closing connection after error: \(error)")
            context.close(promise: nil)
        }
    }

    // MARK: - Handshake

    private func greet(_ envelope: Wire.Envelope) {
        guard envelope.method == ComponentsMethod.hello.name else {
            closeWith(reply(to: envelope, error: RPCError(.failedPrecondition, "the connection must start with \(ComponentsMethod.hello)")))
            return
        }
        let hello: Wire.Hello
        do {
            hello = try Wire.Hello(protobufBytes: envelope.payload)
        } catch {
            closeWith(reply(to: envelope, error: error))
            return
        }
        if hello.protocolVersion != ProtocolVersion.current {
            closeWith(reply(to: envelope, error: RPCError(
                .failedPrecondition,
                "protocol version \(hello.protocolVersion) is not supported: the \(configuration.serviceName) service speaks version \(ProtocolVersion.current); run the same release on both sides")))
            return
        }
        if !hello.service.isEmpty && hello.service != configuration.serviceName {
            closeWith(reply(to: envelope, error: RPCError(
                .failedPrecondition,
                "this is the \(configuration.serviceName) service, not \(hello.service); check the address given for the \(hello.service) service")))
            return
        }
        if !constantTimeEquals(configuration.serviceToken, hello.token) {
            logger.warning("refused a connection with a wrong service token")
            closeWith(reply(to: envelope, error: RPCError(.unauthenticated, "the service token is missing or wrong; pass the shared token with --service-token-file")))
            return
        }
        greeted = true
        helloDeadline?.cancel()
        helloDeadline = nil
        frameLimit.bytes = configuration.maximumFrameSize
        let answer = Wire.HelloResponse(protocolVersion: ProtocolVersion.current, service: configuration.serviceName)
        write(Wire.Envelope(callId: envelope.callId, payload: answer.protobufBytes(), status: Wire.Status(), kind: .response))
    }

    // MARK: - Calls

    private func dispatch(_ envelope: Wire.Envelope) {
        let callID = envelope.callId
        guard inFlight[callID] == nil else {
            write(reply(to: envelope, error: RPCError(.invalidArgument, "call id \(callID) is already in flight")))
            return
        }
        guard inFlight.count < configuration.maximumCallsInFlight else {
            write(reply(to: envelope, error: RPCError(.resourceExhausted, "more than \(configuration.maximumCallsInFlight) calls in flight on one connection; retry later")))
            return
        }
        guard let route = router.routes[envelope.method] else {
            write(reply(to: envelope, error: RPCError(.unimplemented, "unknown method \"\(envelope.method)\" on the \(configuration.serviceName) service")))
            return
        }
        guard let context else { return }
        let loop = context.eventLoop
        let now = ContinuousClock.now
        var metadataLogger = logger
        metadataLogger[metadataKey: "method"] = "\(envelope.method)"
        metadataLogger[metadataKey: "call_id"] = "\(callID)"
        let callLogger = metadataLogger
        let callContext = RPCContext(
            method: envelope.method,
            deadline: envelope.deadlineMs > 0 ? now.advanced(by: .milliseconds(Int64(clamping: envelope.deadlineMs))) : nil,
            peer: peer,
            logger: callLogger)
        let bound = NIOLoopBound(self, eventLoop: loop)
        let payload = envelope.payload
        let handler = route.handler
        let body: @Sendable () async -> Void = {
            let result: Result<[UInt8], any Error>
            do {
                result = .success(try await handler(payload, callContext))
            } catch {
                result = .failure(error)
            }
            if loop.inEventLoop {
                bound.value.complete(callID, method: callContext.method, result: result, logger: callLogger)
            } else {
                loop.execute { bound.value.complete(callID, method: callContext.method, result: result, logger: callLogger) }
            }
        }
        let task: Task<Void, Never>
        switch route.placement {
        case .pool:
            task = Task(operation: body)
        case .eventLoop:
            let executor = loopExecutor ?? EventLoopTaskExecutor(loop)
            loopExecutor = executor
            task = Task(executorPreference: executor, operation: body)
        }
        var timer: Scheduled<Void>?
        if envelope.deadlineMs > 0 {
            timer = loop.scheduleTask(in: .milliseconds(Int64(clamping: envelope.deadlineMs))) {
                bound.value.expire(callID)
            }
        }
        inFlight[callID] = InFlightCall(task: task, timer: timer)
    }

    private func complete(_ callID: UInt64, method: String, result: Result<[UInt8], any Error>, logger: Logger) {
        guard let call = inFlight.removeValue(forKey: callID) else { return }
        call.timer?.cancel()
        switch result {
        case .success(let payload):
            if let tooLarge = Wire.Envelope.oversizeError(payloadBytes: payload.count, limit: configuration.maximumFrameSize, what: "the answer") {
                logger.warning("refused to send an oversized answer: \(tooLarge.message)")
                configuration.metrics?.recordCall(method: method, code: tooLarge.code)
                write(Wire.Envelope(callId: callID, status: tooLarge.status, kind: .response))
                return
            }
            configuration.metrics?.recordCall(method: method, code: .ok)
            write(Wire.Envelope(callId: callID, payload: payload, status: Wire.Status(), kind: .response))
        case .failure(let error):
            let status = Self.status(for: error, logger: logger)
            configuration.metrics?.recordCall(method: method, code: status.code)
            write(Wire.Envelope(callId: callID, status: status, kind: .response))
        }
    }

    private func expire(_ callID: UInt64) {
        guard let call = inFlight.removeValue(forKey: callID) else { return }
        call.task.cancel()
        write(Wire.Envelope(callId: callID, status: RPCError(.deadlineExceeded, "the call did not finish before its deadline").status, kind: .response))
    }

    /// The one place a handler's error becomes a wire status.
    static func status(for error: any Error, logger: Logger) -> Wire.Status {
        switch error {
        case let rpc as RPCError:
            return rpc.status
        case is CancellationError:
            return RPCError(.cancelled, "the call was cancelled").status
        default:
            logger.error("handler failed: \(String(reflecting: error))")
            return RPCError(.internal, "internal error; the service log has the details").status
        }
    }

    private func reply(to envelope: Wire.Envelope, error: any Error) -> Wire.Envelope {
        Wire.Envelope(callId: envelope.callId, status: Self.status(for: error, logger: logger), kind: .response)
    }

    private func write(_ envelope: Wire.Envelope) {
        context?.writeAndFlush(wrapOutboundOut(envelope), promise: nil)
    }

    private func closeWith(_ envelope: Wire.Envelope) {
        guard let context else { return }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(envelope)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
