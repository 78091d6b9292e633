import Foundation
import Hummingbird
import Testing

/// `deployment/token`: the secret appears only when created or rotated.
@Suite struct DeployTokenRoutesTests {
    @Test func tokenLifecycle() async throws {
        try await GatewayHarness.run { gateway in
            let created = try await gateway.send(.post, "/v1/tool/alpha/deployment/token")
            #expect(created.status == .ok)
            #expect(created.json.data?["token"] as? String == "dep-new")
            #expect(created.json.data?["creation_date"] as? String == "2026-01-01T12:00:00.000Z")

            let shown = try await gateway.send(.get, "/v1/tool/alpha/deployment/token")
            #expect(shown.json.data?["token"] is NSNull)
            #expect(shown.json.data?["tool"] as? String == "alpha")

            let answer1 = try await gateway.send(.put, "/v1/tool/alpha/deployment/token")
            #expect(answer1.json.data?["token"] as? String == "dep-rotated")

            let deleted = try await gateway.send(.delete, "/v1/tool/alpha/deployment/token")
            #expect(deleted.status == .ok)
            #expect(deleted.json.data?["creation_date"] is NSNull)
        }
    }

    @Test func imagesListTheRegistry() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/images")
            #expect(status == .ok)
            let images = try #require(json.data?["images"] as? [[String: Any]])
            #expect(images.map { $0["name"] as? String } == ["python3.13"])
            #expect(images.first?["state"] as? String == "default")
            let answer2 = try await gateway.send(.get, "/v1/images?include_deprecated=true")
            #expect(answer2.json.data.map { ($0["images"] as? [Any])?.count } == 2)
        }
    }
}
