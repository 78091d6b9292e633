import NIOCore

/// Matches responses to waiting callers by `call_id` on one connection.
///
/// All state lives on the channel's event loop; callers reach it through `NIOLoopBound`.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = Wire.Envelope

    private struct Pending {
        var continuation: CheckedContinuation<Wire.Envelope, any Error>
        var timer: Scheduled<Void>?
    }

    private var pending: [UInt64: Pending] = [:]
    private var context: ChannelHandlerContext?
    private var closedError: RPCError?
    private let peerDescription: String

    init(peerDescription: String) {
        self.peerDescription = peerDescription
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Sends `envelope` and resumes `continuation` with its response, or an error on
    /// deadline, cancellation or a lost connection.
    func start(_ envelope: Wire.Envelope, deadline: TimeAmount?, cancelled: Bool, continuation: CheckedContinuation<Wire.Envelope, any Error>) {
        if let closedError {
            continuation.resume(throwing: closedError)
            return
        }
        if cancelled {
            continuation.resume(throwing: RPCError(.cancelled, "the call was cancelled"))
            return
        }
        guard let context else {
            continuation.resume(throwing: RPCError(.unavailable, "the connection to \(peerDescription) is closed"))
            return
        }
        let callID = envelope.callId
        var timer: Scheduled<Void>?
        if let deadline {
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(in: deadline) {
                bound.value.finish(callID, with: .failure(RPCError(.deadlineExceeded, "\(envelope.method) to \(bound.value.peerDescription) did not answer within \(deadline.nanoseconds / 1_000_000) ms")), notifyPeer: true)
            }
        }
        pending[callID] = Pending(continuation: continuation, timer: timer)
        context.writeAndFlush(wrapOutboundOut(envelope), promise: nil)
    }

    /// Stops waiting for `callID` and tells the server to stop working on it.
    func cancel(_ callID: UInt64) {
        finish(callID, with: .failure(RPCError(.cancelled, "the call was cancelled")), notifyPeer: true)
    }

    private func finish(_ callID: UInt64, with result: Result<Wire.Envelope, any Error>, notifyPeer: Bool) {
        guard let call = pending.removeValue(forKey: callID) else { return }
        call.timer?.cancel()
        if notifyPeer, let context {
            context.writeAndFlush(wrapOutboundOut(Wire.Envelope(callId: callID, kind: .cancel)), promise: nil)
        }
        call.continuation.resume(with: result)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let envelope = try? Wire.Envelope(frame: unwrapInboundIn(data)) else {
            failAll(RPCError(.unavailable, "\(peerDescription) sent a frame that is not an Envelope; connection closed"))
            context.close(promise: nil)
            return
        }
        guard envelope.kind == .response else { return }
        if envelope.callId == 0, let status = envelope.status, status.code != .ok, pending[0] == nil {
            // A connection-level refusal (oversize frame, garbage): everything in flight fails with it.
            failAll(RPCError(status: status))
            return
        }
        finish(envelope.callId, with: .success(envelope), notifyPeer: false)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RPCError(.unavailable, "the connection to \(peerDescription) was lost"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(RPCError(.unavailable, "the connection to \(peerDescription) failed: \(error)"))
        context.close(promise: nil)
    }

    private func failAll(_ error: RPCError) {
        if closedError == nil { closedError = error }
        let calls = pending
        pending.removeAll()
        for call in calls.values {
            call.timer?.cancel()
            call.continuation.resume(throwing: error)
        }
    }
}
