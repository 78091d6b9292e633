import ComponentsTesting
import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import Protocol
import Synchronization
import Testing

/// A flood of well-formed made-up tokens must not push requests with a real token into 429s
/// or timeouts, and a token the config service stops knowing stops working at once.
@Suite struct TokenFloodTests {
    /// The config service as the gateway's unknown-token lane sees it: every call waits
    /// until the gate opens; the most calls in flight at once are counted.
    final class GatedConfig: RPCCaller {
        let serviceName = "config"
        let inner: any RPCCaller
        let open = Atomic<Bool>(false)
        let inFlight = Mutex((now: 0, most: 0))

        init(_ inner: any RPCCaller) {
            self.inner = inner
        }

        func call<Request: WireMessage, Response: WireMessage>(
            _ method: RPCMethod<Request, Response>, _ request: Request, timeout: Duration?
        ) async throws(RPCError) -> Response {
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            defer { inFlight.withLock { $0.now -= 1 } }
            while !open.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
            return try await inner.call(method, request, timeout: timeout)
        }

        func close() {}
    }

    /// The tokens the fake config service knows, changeable during a test.
    final class ValidTokens: Sendable {
        let tokens: Mutex<Set<String>>
        init(_ tokens: Set<String>) { self.tokens = Mutex(tokens) }
        func withLock<T>(_ body: (inout Set<String>) -> T) -> T { tokens.withLock { body(&$0) } }
    }

    /// The fake config service.
    private static func config(valid: ValidTokens) -> any RPCCaller {
        var router = RPCRouter()
        router.register(ConfigMethod.authenticateToken) { request, _ in
            guard valid.withLock({ $0.contains(request.token) }) else { throw RPCError(.unauthenticated, "the token is not valid") }
            return Wire.AuthenticateTokenResponse(tool: "alpha", kind: .tool)
        }
        router.register(ConfigMethod.getConfig) { _, _ in throw RPCError(.notFound, "no config") }
        return InProcessCaller(serviceName: "config", router: router, logger: silentLogger)
    }

    private func app(config: any RPCCaller, unknown: any RPCCaller) throws -> some ApplicationProtocol {
        let configuration = GatewayConfiguration(
            httpAddress: ServiceAddress(host: "127.0.0.1", port: 0), configService: ServiceAddress(host: "127.0.0.1", port: 1),
            plannerService: ServiceAddress(host: "127.0.0.1", port: 1), executorService: ServiceAddress(host: "127.0.0.1", port: 1),
            serviceToken: testServiceToken)
        let backends = BackendClients(
            config: config, planner: InProcessCaller(serviceName: "planner", router: RPCRouter(), logger: silentLogger),
            executor: InProcessCaller(serviceName: "executor", router: RPCRouter(), logger: silentLogger), unknownTokens: unknown)
        return try GatewayApplication.make(configuration: configuration, backends: backends, logger: silentLogger)
    }

    private func status(_ client: any TestClientProtocol, _ token: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/v1/tool/alpha/config", method: .get, headers: [.authorization: "Bearer \(token)"]).status
    }

    @Test func realTokensAreAnsweredWhileMadeUpOnesFloodTheirOwnLane() async throws {
        let real = "ctt_alpha_" + String(repeating: "r", count: 43)
        let valid = ValidTokens([real])
        let config = Self.config(valid: valid)
        let slow = GatedConfig(config)
        slow.open.store(true, ordering: .releasing)
        try await app(config: config, unknown: slow).test(.router) { client in
            // Seen once (on the unknown lane), the real token is known from then on.
            #expect(try await status(client, real) == .notFound)

            slow.open.store(false, ordering: .releasing)
            let bogusCount = 3_000
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<bogusCount {
                    group.addTask { try await status(client, "ctt_alpha_bogus\(index)" + String(repeating: "x", count: 32)) }
                }
                // Once the flood fills the unknown lane, real requests still get their answer.
                let deadline = ContinuousClock.now + .seconds(20)
                while slow.inFlight.withLock({ $0.now }) < 32 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                try #require(slow.inFlight.withLock { $0.now } == 32, "made-up tokens fill their own lane")
                for _ in 0..<20 {
                    #expect(try await status(client, real) == .notFound, "the real token got through to its route")
                }
                #expect(slow.inFlight.withLock { $0.now } == 32, "the flood still fills its lane")
                slow.open.store(true, ordering: .releasing)
                var answers: [HTTPResponse.Status: Int] = [:]
                for try await status in group { answers[status, default: 0] += 1 }
                // Each made-up token is refused: checked (401) or turned away at once (429),
                // never left to time out.
                #expect(answers.values.reduce(0, +) == bogusCount)
                #expect(Set(answers.keys).isSubset(of: [.unauthorized, .tooManyRequests]), "\(answers)")
                #expect(answers[.tooManyRequests, default: 0] > 0, "past the line, made-up tokens are turned away: \(answers)")
            }
            #expect(slow.inFlight.withLock { $0.most } <= 32, "the unknown lane never has more than its limit in flight")
        }
    }

    @Test func aTokenTheConfigServiceStopsKnowingStopsWorkingAtOnce() async throws {
        let real = "ctt_alpha_" + String(repeating: "q", count: 43)
        let valid = ValidTokens([real])
        let config = Self.config(valid: valid)
        try await app(config: config, unknown: config).test(.router) { client async throws in
            #expect(try await status(client, real) == .notFound)
            #expect(try await status(client, real) == .notFound)
            valid.withLock { $0.removeAll() }
            #expect(try await status(client, real) == .unauthorized)
            // Forgotten: it is no longer taken for a known token either.
            #expect(try await status(client, real) == .unauthorized)
        }
    }
}
