import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The same application over a real socket: what `componentsd gateway` serves.
@Suite struct LiveServerTests {
    @Test func servesAuthenticatedJSONAndRefusesLargeBodiesOverHTTP() async throws {
        try await GatewayHarness.run(setup: .live) { gateway in
            let config = try await gateway.send(.get, "/v1/tool/alpha/config")
            #expect(config.status == .ok)
            #expect(config.json.data?["tool"] as? String == "alpha")

            let refused = try await gateway.send(.get, "/v1/tool/alpha/config", token: FakeConfigService.betaToken)
            #expect(refused.status == .forbidden)

            let big = String(repeating: "x", count: (1 << 20) + 1)
            let tooLarge = try await gateway.send(.post, "/v1/tool/alpha/config", body: big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.json.dataIsNull)
            #expect(gateway.putSources.all.isEmpty)

            // The connection pool still works after the refused upload.
            let again = try await gateway.send(.get, "/v1/tool/alpha/deployment/latest")
            #expect(again.status == .ok)
        }
    }
}
