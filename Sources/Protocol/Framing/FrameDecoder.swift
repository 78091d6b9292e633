import NIOCore
import Synchronization

/// Splits a byte stream into frames: a 4-byte big-endian length, then that many bytes.
///
/// The length is checked before any payload is buffered, so a peer announcing a huge frame
/// costs nothing: the decoder throws ``FrameTooLargeError`` and the connection handler
/// answers `RESOURCE_EXHAUSTED` and closes. Zero-length frames carry nothing and are
/// dropped (a peer may use them as keep-alives).
public struct FrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// The largest frame payload accepted now, in bytes; a server raises it after `Hello`.
    public let limit: FrameSizeLimit

    /// The largest frame payload accepted, in bytes.
    public var maximumFrameSize: Int { limit.bytes }

    /// Creates a decoder refusing frames above `maximumFrameSize` bytes (default 4 MiB).
    public init(maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize) {
        self.init(limit: FrameSizeLimit(maximumFrameSize))
    }

    /// Creates a decoder whose limit its owner may change while it runs.
    public init(limit: FrameSizeLimit) {
        self.limit = limit
    }

    /// 4 MiB, the default limit of every service.
    public static let defaultMaximumFrameSize = 4 * 1024 * 1024

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        while true {
            guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else {
                return .needMoreData
            }
            let maximum = maximumFrameSize
            guard Int(length) <= maximum else {
                throw FrameTooLargeError(length: Int(length), limit: maximum)
            }
            guard buffer.readableBytes >= 4 + Int(length) else {
                return .needMoreData
            }
            buffer.moveReaderIndex(forwardBy: 4)
            if length == 0 {
                continue
            }
            guard let frame = buffer.readSlice(length: Int(length)) else { return .needMoreData }
            context.fireChannelRead(Self.wrapInboundOut(frame))
            return .continue
        }
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // A partial frame at EOF is dropped: the peer went away mid-message.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

/// The frame limit of one connection. A server starts a connection at a small limit, so a
/// peer that has not said `Hello` can make it buffer little, and raises it once it has.
public final class FrameSizeLimit: Sendable {
    private let value: Atomic<Int>

    /// A limit of `bytes`.
    public init(_ bytes: Int) {
        value = Atomic(bytes)
    }

    /// The limit now.
    public var bytes: Int {
        get { value.load(ordering: .relaxed) }
        set { value.store(newValue, ordering: .relaxed) }
    }
}

/// A peer announced a frame longer than the configured limit.
public struct FrameTooLargeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The announced payload length.
    public var length: Int
    /// The configured maximum.
    public var limit: Int

    public var description: String {
        "frame of \(length) bytes exceeds the limit of \(limit) bytes"
    }
}
