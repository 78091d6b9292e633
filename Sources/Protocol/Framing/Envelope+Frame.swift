import NIOCore

extension Wire.Envelope {
    /// Decodes one frame payload; throws `invalidArgument` on bytes that are not an Envelope.
    public init(frame: ByteBuffer) throws(RPCError) {
        self = try frame.withUnsafeReadableBytes { raw in
            Result { () throws(RPCError) -> Wire.Envelope in try Wire.Envelope.decode(raw) }
        }.get()
    }

    /// Appends this envelope as one frame (length prefix, then the packed bytes) to `buffer`.
    public func writeFrame(into buffer: inout ByteBuffer) {
        pack { size, packer in
            buffer.reserveCapacity(minimumWritableBytes: 4 + size)
            buffer.writeInteger(UInt32(truncatingIfNeeded: size))
            guard size > 0 else { return }
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { raw in
                guard let base = raw.baseAddress else { return 0 }
                return packer(base.assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    /// Room kept in a frame for the envelope's own fields (call id, method name, status).
    public static let fieldsAllowance = 16 * 1024

    /// The refusal of a payload too large for one frame of `limit` bytes, or nil when it fits.
    /// Checked before sending, so an oversized answer fails only its own call: a frame over
    /// the limit would make the receiver close the connection, and fail every call on it.
    public static func oversizeError(payloadBytes: Int, limit: Int, what: String) -> RPCError? {
        guard payloadBytes > limit - fieldsAllowance else { return nil }
        return RPCError(.resourceExhausted,
            "\(what) is \(payloadBytes) bytes, over the \(limit - fieldsAllowance)-byte limit of one message; ask for less (a page of the list or of the logs)")
    }

    /// This envelope as one frame in a new buffer.
    public func frame(allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64 + payload.count)
        writeFrame(into: &buffer)
        return buffer
    }
}

/// Writes outbound envelopes as frames.
public struct EnvelopeFrameEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = Wire.Envelope

    /// Creates an encoder.
    public init() {}

    public func encode(data: Wire.Envelope, out: inout ByteBuffer) throws {
        data.writeFrame(into: &out)
    }
}
