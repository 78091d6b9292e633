import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A small HTTP/1.1 server on a free loopback port for tests of code that fetches over HTTP:
/// every request gets the answer ``respond`` gives for its path, after an optional delay, and
/// the connection is closed. ``requests`` counts what was asked for.
public final class TestHTTPServer: Sendable {
    /// An answer: status, extra header lines, body, and a pause before it is sent.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var delay: Duration

        /// Creates an answer.
        public init(status: Int = 200, headers: [(String, String)] = [], body: String = "", delay: Duration = .zero) {
            self.init(status: status, headers: headers, bytes: Array(body.utf8), delay: delay)
        }

        /// Creates an answer with a body of raw bytes.
        public init(status: Int = 200, headers: [(String, String)] = [], bytes: [UInt8], delay: Duration = .zero) {
            self.status = status
            self.headers = headers
            self.body = bytes
            self.delay = delay
        }
    }

    private let channel: any Channel
    private let state: NIOLockedValueBox<(answers: [String: Answer], requests: [String])>

    /// The port it listens on (127.0.0.1).
    public let port: Int

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts a server that answers 404 to every path until ``serve(_:_:)`` says otherwise.
    public init() async throws {
        let state = NIOLockedValueBox<(answers: [String: Answer], requests: [String])>(([:], []))
        self.state = state
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Handler(state: state)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// Answers `path` with `answer` from now on.
    public func serve(_ path: String, _ answer: Answer) {
        state.withLockedValue { $0.answers[path] = answer }
    }

    /// The paths asked for so far, in order.
    public var requests: [String] { state.withLockedValue { $0.requests } }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let state: NIOLockedValueBox<(answers: [String: Answer], requests: [String])>
        var received: [UInt8] = []
        var answered = false

        init(state: NIOLockedValueBox<(answers: [String: Answer], requests: [String])>) {
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readBytes(length: buffer.readableBytes) ?? []
            guard !answered, received.count >= 4, String(decoding: received, as: UTF8.self).contains("\r\n\r\n") else { return }
            answered = true
            let requestLine = String(decoding: received, as: UTF8.self).split(separator: "\r\n").first ?? ""
            let parts = requestLine.split(separator: " ")
            let path = parts.count > 1 ? String(parts[1]) : "/"
            let answer = state.withLockedValue { state in
                state.requests.append(path)
                return state.answers[path] ?? Answer(status: 404, body: "not found\n")
            }
            var head = "HTTP/1.1 \(answer.status) Test\r\nContent-Length: \(answer.body.count)\r\nConnection: close\r\n"
            for (name, value) in answer.headers { head += "\(name): \(value)\r\n" }
            head += "\r\n"
            let bytes = Array(head.utf8) + answer.body
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let send = {
                let context = loopBound.value
                let out = context.channel.allocator.buffer(bytes: bytes)
                context.writeAndFlush(NIOAny(out)).whenComplete { _ in context.close(promise: nil) }
            }
            if answer.delay == .zero {
                send()
            } else {
                let nanoseconds = answer.delay.components.seconds * 1_000_000_000 + answer.delay.components.attoseconds / 1_000_000_000
                context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { send() }
            }
        }
    }
}
