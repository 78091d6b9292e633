import Foundation
import ComponentsTesting
import PropertyBased
import Protocol
import Testing

@Suite struct WireMessageRoundTripTests {
    private func roundTrip<M: WireMessage>(_ message: M) -> Bool {
        (try? M(protobufBytes: message.protobufBytes())) == message
    }

    @Test func randomMessagesOfEveryTypeRoundTripThroughProtobufC() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SplitMix64(seed: seed)
            for message in Wire.randomMessageOfEveryType(using: &rng) {
                let unchanged = roundTrip(message)
                #expect(unchanged, "seed \(seed): \(type(of: message)) changed in a round trip")
            }
        }
    }

    @Test func everyMessageOfTheProtoFilesIsCovered() throws {
        let protoFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../proto/components/v1").standardized
        var declared = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: protoFolder.path) where name.hasSuffix(".proto") {
            let text = try String(contentsOf: protoFolder.appendingPathComponent(name), encoding: .utf8)
            declared += text.split(separator: "\n").filter { $0.hasPrefix("message ") }.count
        }
        var rng = SplitMix64(seed: 1)
        #expect(declared > 0)
        #expect(Wire.randomMessageOfEveryType(using: &rng).count == declared)
    }

    @Test func emptyBytesDecodeToTheEmptyMessage() throws {
        #expect(try Wire.Deployment(protobufBytes: []) == Wire.Deployment())
    }

    @Test func fieldsSurviveWithTheirValues() throws {
        let status = Wire.Status(code: .unavailable, message: "the executor service is unavailable",
                                 violations: [Wire.Violation(path: "components.api.run.port", line: 12, column: 7, message: "port must be 1–65535")])
        let envelope = Wire.Envelope(callId: .max, method: "config.v1.PutConfig", payload: [0, 1, 2, 255], status: status, deadlineMs: 1500, kind: .response)
        let decoded = try Wire.Envelope(protobufBytes: envelope.protobufBytes())
        #expect(decoded.status?.violations.first?.line == 12)
        #expect(decoded.payload == [0, 1, 2, 255])
        #expect(decoded.callId == .max)
        #expect(decoded == envelope)
    }

    @Test func truncatedBytesAreInvalidArgument() throws {
        let bytes = Wire.Hello(protocolVersion: 1, service: "config", token: "secret").protobufBytes()
        #expect(throws: RPCError.self) { try Wire.Hello(protobufBytes: Array(bytes.dropLast())) }
        do {
            _ = try Wire.Hello(protobufBytes: Array(bytes.dropLast()))
        } catch {
            #expect(error.code == .invalidArgument)
        }
    }
}
