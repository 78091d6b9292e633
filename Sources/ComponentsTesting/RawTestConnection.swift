import NIOCore
import Protocol
import NIOPosix

/// A bare TCP peer for protocol tests: writes exactly the bytes given and returns what the
/// server sent back until it closed the connection or `timeout` passed.
public enum RawTestConnection {
    /// Connects, sends `bytes`, and collects the answer.
    public static func exchange(host: String = "127.0.0.1", port: Int, sending bytes: [UInt8], timeout: Duration = .seconds(5)) async throws -> (received: [UInt8], closedByPeer: Bool) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            do {
                try await outbound.write(ByteBuffer(bytes: bytes))
            } catch ChannelError.ioOnClosedChannel {
                // The server closed first (it may refuse before reading everything): what it
                // answered is still to be read.
            }
            return try await withThrowingTaskGroup(of: ([UInt8], Bool)?.self) { group in
                group.addTask {
                    var received: [UInt8] = []
                    for try await chunk in inbound {
                        received += chunk.readableBytesView
                    }
                    return (received, true)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first.map { (received: $0.0, closedByPeer: $0.1) } ?? (received: [], closedByPeer: false)
            }
        }
    }

    /// Frames of `bytes`: the envelopes a server answered with.
    public static func envelopes(in bytes: [UInt8]) throws -> [Wire.Envelope] {
        var buffer = ByteBuffer(bytes: bytes)
        var result: [Wire.Envelope] = []
        while let length = buffer.readInteger(as: UInt32.self), let frame = buffer.readSlice(length: Int(length)) {
            result.append(try Wire.Envelope(frame: frame))
        }
        return result
    }

    /// `envelope` as one frame.
    public static func frame(_ envelope: Wire.Envelope) -> [UInt8] {
        var buffer = ByteBuffer()
        envelope.writeFrame(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// A `Hello` request frame.
    public static func helloFrame(version: UInt32 = ProtocolVersion.current, service: String = "", token: String = testServiceToken) -> [UInt8] {
        frame(Wire.Envelope(callId: 0, method: ComponentsMethod.hello.name, payload: Wire.Hello(protocolVersion: version, service: service, token: token).protobufBytes(), kind: .request))
    }
}
