import Foundation
@testable import Gateway
import HTTPTypes
import Hummingbird
import Testing

/// Who may reach what: tool tokens their own tool, deploy tokens only creating and reading
/// deployments, and nothing without a valid token.
@Suite struct AuthMiddlewareTests {
    @Test func missingTokenIs401WithEnvelope() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/tool/alpha/config", token: nil)
            #expect(status == .unauthorized)
            #expect(json.dataIsNull)
            #expect(json.messages("error").first?.contains("Authorization: Bearer") == true)
            let raw = try await gateway.raw(.get, "/v1/tool/alpha/config")
            #expect(raw.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test func unknownTokenIs401() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/tool/alpha/config", token: "nope")
            #expect(status == .unauthorized)
            #expect(json.messages("error") == ["the token is not valid; check it or create a new one"])
        }
    }

    @Test func malformedAuthorizationHeaderIs401() async throws {
        try await GatewayHarness.run { gateway in
            let (status, _) = try await gateway.send(.get, "/v1/tool/alpha/config", token: nil, headers: [.authorization: "Basic abc"])
            #expect(status == .unauthorized)
        }
    }

    @Test func tokenOfAnotherToolIs403() async throws {
        try await GatewayHarness.run { gateway in
            for (method, path) in [(HTTPRequest.Method.get, "config"), (.get, "deployment"), (.post, "deployment"), (.get, "deployment/token")] {
                let (status, json) = try await gateway.send(method, "/v1/tool/alpha/\(path)", token: FakeConfigService.betaToken)
                #expect(status == .forbidden, "\(method) \(path)")
                #expect(json.messages("error").first?.contains("another tool") == true)
            }
        }
    }

    @Test func deployTokenIsRefusedBeyondCreatingAndReadingDeployments() async throws {
        try await GatewayHarness.run { gateway in
            let refused: [(HTTPRequest.Method, String)] = [
                (.get, "/v1/tool/alpha/config"), (.post, "/v1/tool/alpha/config"), (.delete, "/v1/tool/alpha/config"),
                (.post, "/v1/tool/alpha/config/validate"),
                (.get, "/v1/tool/alpha/deployment/token"), (.post, "/v1/tool/alpha/deployment/token"),
                (.put, "/v1/tool/alpha/deployment/token"), (.delete, "/v1/tool/alpha/deployment/token"),
                (.put, "/v1/tool/alpha/deployment/latest/cancel"), (.delete, "/v1/tool/alpha/deployment/\(FakeExecutorService.deployID)"),
                (.get, "/v1/tool/alpha/deployment/latest/logs?component=api"),
                (.get, "/v1/images"),
            ]
            for (method, uri) in refused {
                let (status, json) = try await gateway.send(method, uri, token: FakeConfigService.alphaDeployToken, body: "config-version: v0.1\n")
                #expect(status == .forbidden, "\(method) \(uri)")
                #expect(json.dataIsNull)
            }
        }
    }

    @Test func deployTokenInQueryCreatesAndReadsDeployments() async throws {
        try await GatewayHarness.run { gateway in
            let token = FakeConfigService.alphaDeployToken
            let created = try await gateway.send(.post, "/v1/tool/alpha/deployment?token=\(token)", token: nil)
            #expect(created.status == .ok)
            let id = try #require(created.json.data?["deploy_id"] as? String)
            for uri in ["/v1/tool/alpha/deployment/\(id)", "/v1/tool/alpha/deployment", "/v1/tool/alpha/deployment/latest"] {
                let (status, _) = try await gateway.send(.get, uri + (uri.contains("?") ? "&" : "?") + "token=\(token)", token: nil)
                #expect(status == .ok, "\(uri)")
            }
            // The same token in the header works as well.
            let (status, _) = try await gateway.send(.get, "/v1/tool/alpha/deployment/\(id)", token: token)
            #expect(status == .ok)
        }
    }

    /// A deploy token travels in CI settings and URLs: it reads deployments, but the config's
    /// env values in them are `***`, and logs (which may print secrets) need the tool token.
    @Test func deployTokenSeesEnvNamesButNotTheirValues() async throws {
        try await GatewayHarness.run { gateway in
            let id = FakeExecutorService.deployID
            for uri in ["/v1/tool/alpha/deployment/latest", "/v1/tool/alpha/deployment/\(id)"] {
                let asDeployer = try await gateway.send(.get, uri, token: FakeConfigService.alphaDeployToken)
                #expect(asDeployer.status == .ok)
                #expect(password(in: asDeployer.json) == "***", "\(uri)")
                let asTool = try await gateway.send(.get, uri, token: FakeConfigService.alphaToken)
                #expect(password(in: asTool.json) == "hunter2", "\(uri)")
            }
        }
    }

    private func password(in json: [String: Any]) -> String? {
        let config = json.data?["tool_config"] as? [String: Any]
        let api = (config?["components"] as? [String: Any])?["api"] as? [String: Any]
        return ((api?["run"] as? [String: Any])?["env"] as? [String: Any])?["DB_PASSWORD"] as? String
    }

    @Test func toolTokenIsRefusedInTheQuery() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/tool/alpha/config?token=\(FakeConfigService.alphaToken)", token: nil)
            #expect(status == .unauthorized)
            #expect(json.messages("error").first?.contains("Authorization header") == true)
        }
    }

    @Test func invalidToolNameIs400() async throws {
        try await GatewayHarness.run { gateway in
            for name in ["Alpha", "al_pha", "-alpha", String(repeating: "a", count: 64)] {
                let (status, json) = try await gateway.send(.get, "/v1/tool/\(name)/config")
                #expect(status == .badRequest, "\(name)")
                #expect(json.messages("error").first?.contains("not a valid tool name") == true)
            }
        }
    }

    @Test func componentsPrefixServesTheSameRoutes() async throws {
        try await GatewayHarness.run { gateway in
            let answer1 = try await gateway.send(.get, "/components/v1/tool/alpha/config")
            #expect(answer1.status == .ok)
            let answer2 = try await gateway.send(.get, "/components/v1/tool/alpha/config", token: FakeConfigService.betaToken)
            #expect(answer2.status == .forbidden)
            let answer3 = try await gateway.raw(.get, "/components/openapi.yaml")
            #expect(answer3.status == .ok)
        }
    }

    @Test func publicEndpointsNeedNoToken() async throws {
        try await GatewayHarness.run { gateway in
            let answer4 = try await gateway.raw(.get, "/v1/healthz")
            #expect(answer4.status == .ok)
            let answer5 = try await gateway.raw(.get, "/openapi.yaml")
            #expect(answer5.status == .ok)
            let answer6 = try await gateway.raw(.get, "/metrics")
            #expect(answer6.status == .ok)
        }
    }

    @Test func aTrustedFrontNamesTheToolAndNobodyElseMay() async throws {
        let header: HTTPField.Name = try #require(HTTPField.Name("x-toolforge-tool"))
        // The front is this machine's loopback: its header names the tool, no token needed.
        let loopback = TrustedFront(networks: [try #require(IPNetwork("127.0.0.0/8"))], header: "X-Toolforge-Tool")
        try await GatewayHarness.run(setup: .live, trustedFront: loopback) { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/tool/alpha/config", token: nil, headers: [header: "alpha"])
            #expect(status == .ok, "\(json)")
            let (other, _) = try await gateway.send(.get, "/v1/tool/alpha/config", token: nil, headers: [header: "beta"])
            #expect(other == .forbidden, "the front's tool is checked against the path like a token's")
            let (bad, _) = try await gateway.send(.get, "/v1/tool/alpha/config", token: nil, headers: [header: "Not A Tool"])
            #expect(bad == .badRequest)
            let (tokens, _) = try await gateway.send(.get, "/v1/tool/alpha/config")
            #expect(tokens == .ok, "bearer tokens keep working")
        }
        // A front elsewhere: the same header from this peer is refused, never believed.
        let elsewhere = TrustedFront(networks: [try #require(IPNetwork("10.0.0.0/8"))], header: "x-toolforge-tool")
        try await GatewayHarness.run(setup: .live, trustedFront: elsewhere) { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/tool/alpha/config", token: FakeConfigService.betaToken, headers: [header: "alpha"])
            #expect(status == .unauthorized)
            #expect(json.messages("error").first?.contains("only from the trusted front") == true, "\(json)")
            let (tokens, _) = try await gateway.send(.get, "/v1/tool/alpha/config")
            #expect(tokens == .ok)
        }
        // Without a front, the header means nothing.
        try await GatewayHarness.run(setup: .live) { gateway in
            let (status, _) = try await gateway.send(.get, "/v1/tool/alpha/config", token: nil, headers: [header: "alpha"])
            #expect(status == .unauthorized)
        }
    }

    @Test func networksMatchTheirAddressesOnly() throws {
        let network = try #require(IPNetwork("192.168.4.0/22"))
        #expect(try network.contains(#require(IPNetwork.parse("192.168.7.255"))))
        #expect(try !network.contains(#require(IPNetwork.parse("192.168.8.1"))))
        #expect(try #require(IPNetwork("::1")).contains(#require(IPNetwork.parse("::1"))))
        #expect(try #require(IPNetwork("127.0.0.1")).contains(#require(IPNetwork.parse("::ffff:127.0.0.1"))), "IPv4 peers on IPv6 sockets")
        for text in ["10.0.0.0/33", "300.1.1.1", "10.0.0.0/", "host.example", "::1/129"] {
            #expect(IPNetwork(text) == nil, "\(text)")
        }
    }
}
