import Foundation
import Hummingbird
import Testing

/// `config`, `config/validate`: the document goes through as sent, warnings come back in
/// `messages.warning`, invalid configs answer 400 with every violation.
@Suite struct ConfigRoutesTests {
    private let withWarning = """
        config-version: v0.1
        components:
          api:
            type: continuous
            build: {repository: https://example.org/tool.git, ref: main}
            run: {command: api, port: 5000, prot: tcp}
        """

    @Test func postStoresTheDocumentAndAnswersWarnings() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.post, "/v1/tool/alpha/config", body: withWarning, headers: [.contentType: "application/yaml"])
            #expect(status == .ok)
            #expect(gateway.putSources.all == [withWarning])
            #expect(json.messages("warning") == [
                "components.api.run.prot: unknown field \"prot\" at components.api.run, did you mean \"port\"? (line 6, column 7)",
            ])
            #expect(json.messages("info").first?.contains("version 1") == true)
            let data = try #require(json.data)
            #expect(data["tool"] as? String == "alpha")
            #expect(data["version"] as? Int == 1)
            #expect(data["changed"] as? Bool == true)
            #expect(data["config-version"] as? String == "v0.1")
            #expect((data["components"] as? [String: Any])?["api"] != nil)
            #expect(data["source"] as? String == withWarning)
            #expect(data["creation_time"] as? String == "2026-01-01T12:00:00.000Z")
        }
    }

    @Test func invalidConfigIs400WithEveryViolation() async throws {
        try await GatewayHarness.run { gateway in
            let broken = withWarning.replacingOccurrences(of: "5000", with: "70000")
            for path in ["config", "config/validate"] {
                let (status, json) = try await gateway.send(.post, "/v1/tool/alpha/\(path)", body: broken)
                #expect(status == .badRequest, "\(path)")
                #expect(json.dataIsNull)
                let violations = try #require(json["violations"] as? [[String: Any]])
                #expect(violations.count == 2)
                #expect(violations.first?["path"] as? String == "components.api.run.port")
                #expect(violations.first?["line"] as? Int == 6)
                #expect(violations.first?["column"] as? Int == 13)
                #expect(violations.first?["message"] as? String == "port must be from 1 to 65535, not 70000")
                let errors = json.messages("error")
                #expect(errors.first == "the config has 2 errors" + (path == "config" ? "; nothing was stored" : ""))
                #expect(errors.contains("components.api.run.port: port must be from 1 to 65535, not 70000 (line 6, column 13)"))
            }
        }
    }

    @Test func validateStoresNothingAndAnswersWarnings() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.post, "/v1/tool/alpha/config/validate", body: withWarning)
            #expect(status == .ok)
            #expect(gateway.putSources.all.isEmpty)
            #expect(json.data?["valid"] as? Bool == true)
            #expect((json.data?["warnings"] as? [[String: Any]])?.first?["path"] as? String == "components.api.run.prot")
            #expect(json.messages("warning").count == 1)
        }
    }

    @Test func emptyBodyIs400() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.post, "/v1/tool/alpha/config", body: "  \n")
            #expect(status == .badRequest)
            #expect(json.messages("error").first?.contains("empty") == true)
        }
    }

    @Test func getAnswersLatestOrAVersion() async throws {
        try await GatewayHarness.run { gateway in
            let latest = try await gateway.send(.get, "/v1/tool/alpha/config")
            #expect(latest.status == .ok)
            #expect(latest.json.data?["hash"] as? String == "abc123")
            let answer1 = try await gateway.send(.get, "/v1/tool/alpha/config?version=1")
            #expect(answer1.status == .ok)
            let missing = try await gateway.send(.get, "/v1/tool/alpha/config?version=7")
            #expect(missing.status == .notFound)
            #expect(missing.json.messages("error").first?.contains("no config version 7") == true)
            let answer2 = try await gateway.send(.get, "/v1/tool/alpha/config?version=seven")
            #expect(answer2.status == .badRequest)
        }
    }

    @Test func deleteAnswersTheDeletedConfig() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.delete, "/v1/tool/alpha/config")
            #expect(status == .ok)
            #expect(json.data?["deleted_versions"] as? Int == 1)
            #expect(json.data?["version"] as? Int == 1)
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await GatewayHarness.run { gateway in
            let big = String(repeating: "# padding\n", count: (1 << 20) / 10 + 1)
            let (status, json) = try await gateway.send(.post, "/v1/tool/alpha/config", body: big)
            #expect(status == .contentTooLarge)
            #expect(json.dataIsNull)
            #expect(json.messages("error") == ["the request body is larger than 1 MiB; send a smaller one"])
            #expect(gateway.putSources.all.isEmpty)
            // Just under the limit goes through.
            let fits = String(repeating: "#", count: (1 << 20) - 1)
            let answer3 = try await gateway.send(.post, "/v1/tool/alpha/config", body: fits)
            #expect(answer3.status == .ok)
        }
    }
}
