import Foundation
import Hummingbird
import Protocol
import Testing

/// `POST deployment/{id}/rollback` and `deployment/rollback` reach the executor with the
/// target and options, answer the new deployment with `rollback_of`, and refuse what a
/// rollback cannot do.
@Suite struct RollbackRoutesTests {
    @Test func theTargetAndOptionsReachTheExecutorAndTheAnswerNamesTheTarget() async throws {
        try await GatewayHarness.run { gateway in
            let target = "20251230-080000-bbbbbbbbbb"
            let byID = try await gateway.send(.post, "/v1/tool/alpha/deployment/\(target)/rollback?only-plan=true", body: #"{"description": "bad release"}"#)
            #expect(byID.status == .ok)
            #expect(byID.json.data?["rollback_of"] as? String == target)
            #expect(byID.json.messages("info").first?.contains("rollback") == true, "\(byID.json)")
            let latest = try await gateway.send(.post, "/v1/tool/alpha/deployment/rollback")
            #expect(latest.status == .ok)
            #expect(latest.json.data?["rollback_of"] as? String == "20251231-120000-aaaaaaaaaa")
            // An ordinary deployment says it is none.
            let ordinary = try await gateway.send(.post, "/v1/tool/alpha/deployment")
            #expect(ordinary.json.data?["rollback_of"] is NSNull, "\(ordinary.json)")

            let asked = gateway.rollbacks.all
            try #require(asked.count == 2)
            #expect(asked[0].tool == "alpha" && asked[0].deployId == target && asked[0].onlyPlan && asked[0].description == "bad release")
            #expect(asked[1].deployId == "" && !asked[1].onlyPlan)
        }
    }

    @Test func forceFlagsAndBadIdsAre400AndReachNothing() async throws {
        try await GatewayHarness.run { gateway in
            let forceBuild = try await gateway.send(.post, "/v1/tool/alpha/deployment/rollback?force-build=true")
            #expect(forceBuild.status == .badRequest)
            let forceRun = try await gateway.send(.post, "/v1/tool/alpha/deployment/rollback", body: #"{"force_run": true}"#)
            #expect(forceRun.status == .badRequest)
            let badID = try await gateway.send(.post, "/v1/tool/alpha/deployment/bad.id/rollback")
            #expect(badID.status == .badRequest)
            #expect(gateway.rollbacks.all.isEmpty)
        }
    }

    @Test func aDeployTokenMayRollBackItsToolOnly() async throws {
        try await GatewayHarness.run { gateway in
            let token = FakeConfigService.alphaDeployToken
            let own = try await gateway.send(.post, "/v1/tool/alpha/deployment/rollback?token=\(token)", token: nil)
            #expect(own.status == .ok)
            let other = try await gateway.send(.post, "/v1/tool/beta/deployment/rollback", token: token)
            #expect(other.status == .forbidden)
            #expect(gateway.rollbacks.all.map(\.tool) == ["alpha"])
        }
    }
}
