import Foundation
@testable import Gateway
import Hummingbird
import Testing

/// `/metrics` counts requests by route template and status; the access log has one line per
/// request and never a token.
@Suite struct ObservabilityTests {
    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await GatewayHarness.run { gateway in
            try await gateway.send(.get, "/v1/tool/alpha/config")
            try await gateway.send(.get, "/v1/tool/alpha/config")
            try await gateway.send(.get, "/v1/tool/alpha/config", token: nil)
            try await gateway.send(.post, "/v1/tool/alpha/deployment")
            let response = try await gateway.raw(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            #expect(text.contains(#"components_gateway_http_requests_total{route="/v1/tool/{tool}/config",method="GET",status="200"} 2"#), "\(text)")
            #expect(text.contains(#"components_gateway_http_requests_total{route="/v1/tool/{tool}/config",method="GET",status="401"} 1"#))
            #expect(text.contains(#"components_gateway_http_request_duration_seconds_count{route="/v1/tool/{tool}/config",method="GET"} 3"#))
            #expect(text.contains(#"components_gateway_http_request_duration_seconds_bucket{route="/v1/tool/{tool}/deployment",method="POST",le="+Inf"} 1"#))
            #expect(text.contains(#"components_gateway_deployments_created_total{only_plan="false"} 1"#))
        }
    }

    @Test func accessLogHasOneLinePerRequestWithoutTokens() async throws {
        let logs = LogRecorder()
        try await GatewayHarness.run(logger: logs.logger) { gateway in
            try await gateway.send(.post, "/v1/tool/alpha/deployment?force-build=true&token=\(FakeConfigService.alphaDeployToken)", token: nil)
            try await gateway.send(.get, "/v1/tool/alpha/config", token: nil)
        }
        let lines = logs.messages.filter { $0.hasPrefix("POST ") || $0.hasPrefix("GET ") }
        #expect(lines.count == 2, "\(logs.messages)")
        #expect(lines.first?.hasPrefix("POST /v1/tool/alpha/deployment?force-build=true&token=REDACTED 200 ") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("GET /v1/tool/alpha/config 401 ") == true)
        #expect(lines.allSatisfy { $0.hasSuffix(" ms") })
        #expect(!logs.messages.joined().contains(FakeConfigService.alphaDeployToken))
    }

    @Test func loggablePathRedactsOnlyTheToken() {
        #expect(ObservationMiddleware<GatewayRequestContext>.loggablePath(path: "/a", query: "x=1&token=s3cret&y") == "/a?x=1&token=REDACTED&y")
        #expect(ObservationMiddleware<GatewayRequestContext>.loggablePath(path: "/a", query: nil) == "/a")
    }
}
