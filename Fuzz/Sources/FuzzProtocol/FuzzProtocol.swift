import NIOCore
import NIOEmbedded
import Protocol

/// The largest frame the fuzzed decoder accepts: small, so the oversize path is reached often.
let maximumFrameSize = 512

/// One libFuzzer input: the first byte picks how the rest is cut into reads (0: one read,
/// n: reads of n bytes), the rest is the byte stream a peer sends.
///
/// Every frame the decoder yields is unpacked as an `Envelope`; every envelope must survive
/// a round trip unchanged, and its payload is unpacked as several message types, which must
/// too. Errors are expected (most inputs are garbage); a crash, a sanitizer report or a
/// failed round trip is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocol(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = input.first else { return 0 }
    let stream = UnsafeRawBufferPointer(rebasing: input.dropFirst())
    let readSize = first == 0 ? max(1, stream.count) : Int(first)

    let channel = EmbeddedChannel()
    do {
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameSize: maximumFrameSize)))
    } catch {
        fatalError("cannot set up the pipeline: \(error)")
    }
    var offset = 0
    feeding: while offset < stream.count {
        let end = min(stream.count, offset + readSize)
        do {
            try channel.writeInbound(ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: stream[offset..<end])))
        } catch let error as FrameTooLargeError {
            guard error.length > maximumFrameSize else { fatalError("refused a frame of \(error.length) bytes under the limit") }
            break feeding
        } catch {
            break feeding
        }
        drain(channel)
        offset = end
    }
    _ = try? channel.finish()
    drain(channel)
    return 0
}

private func drain(_ channel: EmbeddedChannel) {
    while let frame = try? channel.readInbound(as: ByteBuffer.self) {
        guard frame.readableBytes > 0 && frame.readableBytes <= maximumFrameSize else {
            fatalError("decoder yielded a frame of \(frame.readableBytes) bytes")
        }
        guard let envelope = try? Wire.Envelope(frame: frame) else { continue }
        var buffer = ByteBuffer()
        envelope.writeFrame(into: &buffer)
        guard let length = buffer.readInteger(as: UInt32.self), Int(length) == buffer.readableBytes else {
            fatalError("writeFrame wrote a length prefix that does not match the frame")
        }
        let again = try? Wire.Envelope(frame: buffer)
        guard again == envelope else { fatalError("an envelope changed in a round trip: \(envelope) became \(String(describing: again))") }
        if let status = envelope.status { _ = RPCError(status: status).description }
        for type in payloadTypes {
            roundTrip(type, envelope.payload)
        }
    }
}

/// Message types with nested messages, repeated fields, enums and bytes, from every proto file.
private let payloadTypes: [any WireMessage.Type] = [
    Wire.Hello.self, Wire.HelloResponse.self, Wire.Status.self,
    Wire.PlanRequest.self, Wire.PlanResponse.self,
    Wire.PutConfigRequest.self, Wire.ValidateConfigResponse.self, Wire.ListImagesResponse.self,
    Wire.CreateDeploymentRequest.self, Wire.ListDeploymentsResponse.self, Wire.GetLogsResponse.self,
]

private func roundTrip<Message: WireMessage>(_ type: Message.Type, _ bytes: [UInt8]) {
    guard let message = try? Message(protobufBytes: bytes) else { return }
    let again = try? Message(protobufBytes: message.protobufBytes())
    guard again == message else { fatalError("a \(Message.self) changed in a round trip: \(message) became \(String(describing: again))") }
}
