import NIOCore
import NIOPosix

/// The floor: the same payload, length-prefixed, echoed by a bare NIO server to a bare NIO
/// client. The client is awaited from a task through a continuation, as our `RPCClient`
/// is, so the floor holds what any async caller on NIO pays (TCP on loopback, two event
/// loop hops, a task resumption) and nothing of an RPC runtime.
struct RawNIOEcho: Sendable {
    let serverChannel: any Channel
    let clientChannel: any Channel
    let client: NIOLoopBound<RawClientHandler>
    let payload: [UInt8]

    static func start(payload: [UInt8], serverGroup: any EventLoopGroup, clientGroup: any EventLoopGroup) async throws -> RawNIOEcho {
        let serverChannel = try await ServerBootstrap(group: serverGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RawEchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = serverChannel.localAddress?.port else { throw BenchmarkError("raw echo server has no port") }
        let clientChannel = try await ClientBootstrap(group: clientGroup)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RawClientHandler())
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let handler = try await clientChannel.eventLoop.submit {
            NIOLoopBound(try clientChannel.pipeline.syncOperations.handler(type: RawClientHandler.self), eventLoop: clientChannel.eventLoop)
        }.get()
        let echo = RawNIOEcho(serverChannel: serverChannel, clientChannel: clientChannel, client: handler, payload: payload)
        let answer = try await echo.exchange()
        guard Array(answer.readableBytesView) == payload else { throw BenchmarkError("raw echo returned different bytes") }
        return echo
    }

    /// Sends the payload as one frame and waits for the echoed frame.
    func exchange() async throws -> ByteBuffer {
        try await withCheckedThrowingContinuation { continuation in
            clientChannel.eventLoop.execute {
                client.value.send(payload, continuation: continuation)
            }
        }
    }

    func call() async throws {
        _ = try await exchange()
    }

    func stop() {
        clientChannel.close(promise: nil)
        serverChannel.close(promise: nil)
    }
}

/// Splits a stream into frames of a 4-byte big-endian length and that many bytes.
struct LengthPrefixedFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
              let frame = buffer.getSlice(at: buffer.readerIndex + 4, length: Int(length)) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4 + Int(length))
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }
}

/// Writes every frame back, length-prefixed.
final class RawEchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        var out = context.channel.allocator.buffer(capacity: 4 + frame.readableBytes)
        out.writeInteger(UInt32(frame.readableBytes))
        out.writeImmutableBuffer(frame)
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }
}

/// Sends frames and resumes their callers in order: the echo server answers in order, so
/// a FIFO matches answers to callers without ids.
final class RawClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var waiting = CircularBuffer<CheckedContinuation<ByteBuffer, any Error>>()
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func send(_ payload: [UInt8], continuation: CheckedContinuation<ByteBuffer, any Error>) {
        guard let context else {
            continuation.resume(throwing: BenchmarkError("raw echo connection closed"))
            return
        }
        var out = context.channel.allocator.buffer(capacity: 4 + payload.count)
        out.writeInteger(UInt32(payload.count))
        out.writeBytes(payload)
        waiting.append(continuation)
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        waiting.popFirst()?.resume(returning: frame)
    }

    func channelInactive(context: ChannelHandlerContext) {
        while let continuation = waiting.popFirst() {
            continuation.resume(throwing: BenchmarkError("raw echo connection lost"))
        }
        context.fireChannelInactive()
    }
}
