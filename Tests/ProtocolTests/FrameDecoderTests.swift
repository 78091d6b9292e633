import Logging
import NIOCore
import NIOEmbedded
import ComponentsTesting
import Testing
@testable import Protocol

@Suite struct FrameDecoderTests {
    private func makeChannel(limit: Int = FrameDecoder.defaultMaximumFrameSize) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameSize: limit)))
        return channel
    }

    private func frame(_ payload: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(payload.count))
        buffer.writeBytes(payload)
        return Array(buffer.readableBytesView)
    }

    private func readAll(_ channel: EmbeddedChannel) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        while let buffer = try channel.readInbound(as: ByteBuffer.self) {
            frames.append(Array(buffer.readableBytesView))
        }
        return frames
    }

    @Test func frameSplitByteByByteArrivesWhole() throws {
        let channel = try makeChannel()
        let payload: [UInt8] = Array("hello, frames".utf8)
        for byte in frame(payload) {
            #expect(try readAll(channel).isEmpty)
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        #expect(try readAll(channel) == [payload])
        #expect(try channel.finish().isClean)
    }

    @Test func coalescedFramesArriveSeparately() throws {
        let channel = try makeChannel()
        let payloads: [[UInt8]] = [[1], [2, 3], Array(repeating: 7, count: 1000), [4]]
        try channel.writeInbound(ByteBuffer(bytes: payloads.flatMap(frame)))
        #expect(try readAll(channel) == payloads)
    }

    @Test func zeroLengthFramesAreDropped() throws {
        let channel = try makeChannel()
        try channel.writeInbound(ByteBuffer(bytes: frame([]) + frame([9]) + frame([]) + frame([])))
        #expect(try readAll(channel) == [[9]])
    }

    @Test func frameAboveTheLimitIsAnErrorBeforeAnyPayloadIsBuffered() throws {
        let channel = try makeChannel(limit: 16)
        #expect(throws: FrameTooLargeError(length: 17, limit: 16)) {
            try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 17]))
        }
        _ = try? channel.finish()
    }

    @Test func twoGibibytePrefixIsRefusedAtOnce() throws {
        let channel = try makeChannel()
        #expect(throws: FrameTooLargeError.self) {
            try channel.writeInbound(ByteBuffer(bytes: [0x80, 0, 0, 0, 1, 2, 3]))
        }
        _ = try? channel.finish()
    }

    @Test func frameAtTheLimitIsAccepted() throws {
        let channel = try makeChannel(limit: 16)
        let payload = [UInt8](repeating: 1, count: 16)
        try channel.writeInbound(ByteBuffer(bytes: frame(payload)))
        #expect(try readAll(channel) == [payload])
    }

    @Test func garbageFrameIsNotAnEnvelope() throws {
        let garbage = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: RPCError.self) { try Wire.Envelope(frame: garbage) }
    }

    @Test func serverAnswersGarbageWithInvalidArgumentAndCloses() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
        try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(
            router: RPCRouter(), configuration: RPCServerConfiguration(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "test", serviceToken: testServiceToken),
            frameLimit: FrameSizeLimit(FrameDecoder.defaultMaximumFrameSize), logger: .init(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        try channel.writeInbound(ByteBuffer(bytes: frame([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])))
        let answer = try #require(try channel.readOutbound(as: Wire.Envelope.self))
        #expect(answer.status?.code == .invalidArgument)
        #expect(!channel.isActive)
    }

    @Test func serverAnswersOversizeWithResourceExhaustedAndCloses() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameSize: 8)))
        try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(
            router: RPCRouter(), configuration: RPCServerConfiguration(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "test", serviceToken: testServiceToken),
            frameLimit: FrameSizeLimit(FrameDecoder.defaultMaximumFrameSize), logger: .init(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        try channel.writeInbound(ByteBuffer(bytes: [0, 0, 1, 0]))
        let answer = try #require(try channel.readOutbound(as: Wire.Envelope.self))
        #expect(answer.status?.code == .resourceExhausted)
        #expect(!channel.isActive)
    }
}

/// Inputs the fuzzer (scripts/fuzz-protocol) found: enum fields of 2^31 and more used to
/// trap in the generated conversion, so one frame from any peer killed a service.
@Suite struct FuzzRegressionTests {
    @Test func envelopeKindOfTwoToTheThirtyFirstDecodes() throws {
        let envelope = try Wire.Envelope(frame: ByteBuffer(bytes: [0x30, 0x80, 0x80, 0x80, 0x80, 0x08]))
        #expect(envelope.kind == .request)
    }

    @Test func unknownStatusCodeNeverReadsAsOK() throws {
        let envelope = try Wire.Envelope(frame: ByteBuffer(bytes: [0x22, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x08]))
        #expect(envelope.status?.code == .internal)
        let unknown = try Wire.Status(protobufBytes: [0x08, 0x63])
        #expect(unknown.code == .internal)
    }

    @Test func serverSurvivesHostileEnumValues() async throws {
        try await withTestRPCServer(router: RPCRouter()) { server in
            let hostile: [UInt8] = [0, 0, 0, 6, 0x30, 0x80, 0x80, 0x80, 0x80, 0x08, 0, 0, 0, 8, 0x22, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x08]
            _ = try await RawTestConnection.exchange(port: server.localAddress.port, sending: hostile, timeout: .seconds(2))
            // Still serving: a normal client gets its health answer.
            var configuration = RPCClient.Configuration(address: server.localAddress, serviceName: "test", serviceToken: testServiceToken)
            // Tests share 2 loaded cores: the Hello may take longer than the 2 s default.
            configuration.connectTimeout = .seconds(15)
            let client = RPCClient(configuration: configuration, logger: silentLogger)
            defer { client.close() }
            let answer = try await client.call(ComponentsMethod.health, Wire.Hello())
            #expect(answer.service == "test")
        }
    }
}
