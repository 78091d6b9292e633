import ComponentsTesting
import Protocol
import Testing

/// A message too large for one frame fails only its own call: the connection, and every other
/// call on it, go on. (A frame over the limit makes the receiver close the connection.)
@Suite struct OversizedMessageTests {
    private let limit = 256 * 1024

    /// Answers a path of `line` bytes, after `column` ms.
    private func router() -> RPCRouter {
        var router = RPCRouter()
        router.register(TestMethod.sized) { request, _ in
            try await Task.sleep(for: .milliseconds(Int(request.column)))
            return Wire.Violation(path: String(repeating: "x", count: Int(request.line)))
        }
        return router
    }

    private func client(_ server: RPCServer) -> RPCClient {
        var configuration = RPCClient.Configuration(address: server.localAddress, serviceName: "test", serviceToken: testServiceToken)
        configuration.connectTimeout = .seconds(15)
        configuration.maximumFrameSize = limit
        return RPCClient(configuration: configuration, logger: silentLogger)
    }

    @Test func anOversizedAnswerFailsOnlyItsCall() async throws {
        try await withTestRPCServer(maximumFrameSize: limit, router: router()) { server in
            let client = client(server)
            defer { client.close() }
            // A small call in flight on the same connection while the big answer is refused.
            async let slow: Wire.Violation = client.call(TestMethod.sized, Wire.Violation(line: 10, column: 300))
            let big = await client.result(TestMethod.sized, Wire.Violation(line: UInt32(limit), column: 0))
            guard case .failure(let error) = big else {
                Issue.record("an answer over the frame limit was sent")
                return
            }
            #expect(error.code == .resourceExhausted)
            #expect(error.message.contains("the answer is"))
            let small = try await slow
            #expect(small.path.count == 10)
            let after: Wire.Violation = try await client.call(TestMethod.sized, Wire.Violation(line: 5, column: 0))
            #expect(after.path.count == 5)
        }
    }

    @Test func anOversizedRequestFailsBeforeItIsSent() async throws {
        try await withTestRPCServer(maximumFrameSize: limit, router: router()) { server in
            let client = client(server)
            defer { client.close() }
            async let slow: Wire.Violation = client.call(TestMethod.sized, Wire.Violation(line: 10, column: 300))
            let big = await client.result(TestMethod.sized, Wire.Violation(path: String(repeating: "y", count: limit)))
            guard case .failure(let error) = big else {
                Issue.record("a request over the frame limit was sent")
                return
            }
            #expect(error.code == .resourceExhausted)
            let small = try await slow
            #expect(small.path.count == 10)
        }
    }
}
