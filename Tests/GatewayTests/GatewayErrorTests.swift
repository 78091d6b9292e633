import ComponentsTesting
import Foundation
@testable import Gateway
import Hummingbird
import Protocol
import Testing

/// Errors: one mapping from RPC codes to HTTP statuses, the envelope for everything, and a
/// gateway that recovers by itself when a service comes back.
@Suite struct GatewayErrorTests {
    @Test(arguments: [
        (Wire.Code.invalidArgument, HTTPResponse.Status.badRequest),
        (.unauthenticated, .unauthorized),
        (.permissionDenied, .forbidden),
        (.notFound, .notFound),
        (.alreadyExists, .conflict),
        (.failedPrecondition, .conflict),
        (.resourceExhausted, .tooManyRequests),
        (.unavailable, .serviceUnavailable),
        (.deadlineExceeded, .gatewayTimeout),
        (.internal, .internalServerError),
        (.unimplemented, .internalServerError),
        (.cancelled, .internalServerError),
    ])
    func rpcCodesMapToHTTPStatuses(code: Wire.Code, status: HTTPResponse.Status) {
        let error = GatewayError(RPCError(code, "at /srv/secret/path.swift:12 something broke"), service: "executor")
        #expect(error.status == status)
        if status.code >= 500 {
            // Nothing of the service's own message reaches the caller.
            #expect(!error.message.contains("/srv/secret"))
            #expect(error.message.contains("executor service"))
        } else {
            #expect(error.message.contains("something broke"))
        }
    }

    @Test func unavailableNamesTheServiceAndSaysToRetry() {
        let error = GatewayError(RPCError(.unavailable, "connection refused"), service: "executor")
        #expect(error.message == "the executor service is unavailable, retry in a moment")
        #expect(error.cause == "connection refused")
    }

    @Test func unknownErrorsAreGeneric500() {
        struct Secret: Error { var detail = "stack: frame 0 at 0xdeadbeef" }
        let error = GatewayError(any: Secret())
        #expect(error.status == .internalServerError)
        #expect(!error.message.contains("deadbeef"))
    }

    @Test func unknownRouteIs404Envelope() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/nothing-here")
            #expect(status == .notFound)
            #expect(json.dataIsNull)
            #expect(json.messages("error") == ["no such endpoint; GET /openapi.yaml lists them"])
        }
    }

    @Test func chunkedBodyOverTheLimitIs413() async throws {
        // No Content-Length: the limit is enforced while the body is collected.
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/"),
            body: RequestBody(buffer: ByteBuffer(repeating: UInt8(ascii: "#"), count: 2048)))
        await #expect(throws: GatewayError.bodyTooLarge(limit: 1024)) {
            try await request.text(limit: 1024)
        }
        #expect(try await request.text(limit: 4096).count == 2048)
    }

    @Test func executorDownIs503ThenRecoversWhenItComesBack() async throws {
        // A port that was free a moment ago; nothing listens there until the test starts it.
        let probe = try await RPCServer.start(
            configuration: RPCServerConfiguration(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "executor", serviceToken: testServiceToken),
            router: RPCRouter(), logger: silentLogger)
        let address = probe.localAddress
        probe.close()
        try await GatewayHarness.run(executorAddress: address) { gateway in
            let down = try await gateway.send(.post, "/v1/tool/alpha/deployment")
            #expect(down.status == .serviceUnavailable)
            #expect(down.json.dataIsNull)
            #expect(down.json.messages("error") == ["the executor service is unavailable, retry in a moment"])
            let answer1 = try await gateway.raw(.get, "/v1/tool/alpha/deployment", token: FakeConfigService.alphaToken)
            #expect(answer1.headers[.retryAfter] == "1")

            let health = try await gateway.send(.get, "/v1/healthz", token: nil)
            #expect(health.status == .serviceUnavailable)

            let server = try await RPCServer.start(
                configuration: RPCServerConfiguration(address: address, serviceName: "executor", serviceToken: testServiceToken),
                router: FakeExecutorService.router(), logger: silentLogger)
            defer { server.close() }
            var status = HTTPResponse.Status.serviceUnavailable
            let deadline = ContinuousClock.now.advanced(by: .seconds(15))
            while status != .ok && ContinuousClock.now < deadline {
                status = try await gateway.send(.post, "/v1/tool/alpha/deployment").status
                if status != .ok { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == .ok)
            let answer2 = try await gateway.send(.get, "/v1/healthz", token: nil)
            #expect(answer2.status == .ok)
        }
    }
}
