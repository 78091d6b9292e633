import Foundation
import Hummingbird
import Testing

/// Under `/components/v1` the gateway answers in the Toolforge components-api's shapes;
/// under `/v1` it keeps ours.
@Suite struct ToolforgeRoutesTests {
    private let prefix = "/components/v1/tool"

    @Test func configIsTheUpstreamSpellingAndNothingElse() async throws {
        try await GatewayHarness.run { gateway in
            for (method, body) in [(HTTPRequest.Method.get, nil), (.post, "config_version: v1beta1\n"), (.delete, nil)] as [(HTTPRequest.Method, String?)] {
                let (status, json) = try await gateway.send(method, "\(prefix)/alpha/config", body: body)
                #expect(status == .ok, "\(method)")
                let data = try #require(json.data, "\(method)")
                #expect(Set(data.keys) == ["config_version", "components"], "\(method): our metadata stays on /v1")
                #expect(data["config_version"] as? String == "v0.1")
                let api = try #require((data["components"] as? [String: Any])?["api"] as? [String: Any])
                #expect(api["component_type"] as? String == "continuous")
                #expect((api["build"] as? [String: Any])?["ref"] as? String == "main")
                #expect((api["run"] as? [String: Any])?["port"] as? Int == 5000)
            }
            // Ours is unchanged.
            let ours = try await gateway.send(.get, "/v1/tool/alpha/config")
            #expect(ours.json.data?["config-version"] as? String == "v0.1")
            #expect(ours.json.data?["hash"] as? String == "abc123")
        }
    }

    @Test func anInvalidConfigIs422AndErrorsHaveNoData() async throws {
        try await GatewayHarness.run { gateway in
            let broken = "components: {api: {run: {port: 70000}}}"
            let (status, json) = try await gateway.send(.post, "\(prefix)/alpha/config", body: broken)
            #expect(status == .unprocessableContent)
            #expect(json["data"] == nil, "upstream's errors have no data key")
            #expect((json["violations"] as? [[String: Any]])?.first?["path"] as? String == "components.api.run.port")
            #expect(json.messages("error").first?.contains("2 errors") == true)
            let missing = try await gateway.send(.get, "\(prefix)/alpha/deployment/20990101-000000-nothinghere")
            #expect(missing.status == .notFound)
            #expect(missing.json["data"] == nil && !missing.json.messages("error").isEmpty)
            // Ours keeps 400 and data: null.
            let ours = try await gateway.send(.post, "/v1/tool/alpha/config", body: broken)
            #expect(ours.status == .badRequest && ours.json.dataIsNull)
        }
    }

    @Test func deployingWithoutAConfigIs404() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.post, "\(prefix)/beta/deployment", token: FakeConfigService.betaToken)
            #expect(status == .notFound)
            #expect(json.messages("error").first?.contains("no config") == true)
            let ours = try await gateway.send(.post, "/v1/tool/beta/deployment", token: FakeConfigService.betaToken)
            #expect(ours.status == .conflict)
        }
    }

    @Test func deploymentsHaveBuildPlaceholdersAndTheConfigInUpstreamSpelling() async throws {
        try await GatewayHarness.run { gateway in
            for (method, path) in [(HTTPRequest.Method.post, "deployment"), (.get, "deployment/latest")] {
                let (status, json) = try await gateway.send(method, "\(prefix)/alpha/\(path)")
                #expect(status == .ok, "\(path)")
                let data = try #require(json.data)
                let builds = try #require(data["builds"] as? [String: [String: Any]])
                #expect(builds["api"]?["build_id"] as? String == "no-id-yet")
                #expect(builds["api"]?["build_image"] as? String == "no-image-yet")
                #expect(builds["worker"]?["build_id"] as? String == "b-1")
                let config = try #require(data["tool_config"] as? [String: Any], "\(path): tool_config in the answer")
                let api = (config["components"] as? [String: Any])?["api"] as? [String: Any]
                #expect(api?["component_type"] as? String == "continuous")
            }
            let ours = try await gateway.send(.get, "/v1/tool/alpha/deployment/latest")
            #expect((ours.json.data?["builds"] as? [String: [String: Any]])?["api"]?["build_id"] as? String == "")
        }
    }

    @Test func deploymentListsAreOldestFirstWithTheirConfig() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "\(prefix)/beta/deployment", token: FakeConfigService.betaToken)
            #expect(status == .ok)
            let deployments = try #require(json.data?["deployments"] as? [[String: Any]])
            #expect(deployments.map { $0["deploy_id"] as? String } == [FakeExecutorService.deployID, FakeExecutorService.newerDeployID])
            #expect(deployments.allSatisfy { ($0["tool_config"] as? [String: Any])?["config_version"] as? String == "v0.1" })
            let ours = try await gateway.send(.get, "/v1/tool/beta/deployment", token: FakeConfigService.betaToken)
            #expect((ours.json.data?["deployments"] as? [[String: Any]])?.first?["deploy_id"] as? String == FakeExecutorService.newerDeployID)
        }
    }

    @Test func generateAnswersWhatRunsOrTheSample() async throws {
        try await GatewayHarness.run { gateway in
            // beta's latest successful deployment deployed config version 1.
            let running = try await gateway.send(.get, "\(prefix)/beta/config/generate", token: FakeConfigService.betaToken)
            #expect(running.status == .ok)
            #expect(((running.json.data?["components"] as? [String: Any])?["api"] as? [String: Any])?["component_type"] as? String == "continuous")
            #expect(running.json.messages("info").first?.contains(FakeExecutorService.newerDeployID) == true)
            // alpha's only deployment is pending: nothing runs, so the sample.
            let sample = try await gateway.send(.get, "\(prefix)/alpha/config/generate")
            #expect(sample.status == .ok)
            // Upstream's sample, word for word, with upstream's warnings (upstream's own sample
            // has an http check without a port, which `config validate` points out here).
            let components = try #require(sample.json.data?["components"] as? [String: Any])
            #expect(Set(components.keys) == ["component1", "component2"])
            let second = try #require(components["component2"] as? [String: Any])
            #expect((second["run"] as? [String: Any])?["health_check_script"] as? String == "test -e /tmp/everything_ok")
            #expect((second["build"] as? [String: Any])?["ref"] as? String == "dummy_branch")
            #expect(sample.json.data?["config_version"] == nil, "upstream leaves out the default version")
            #expect(sample.json.messages("warning").contains { $0.contains("No components were able to be generated") })
            #expect(try await gateway.send(.get, "/v1/tool/alpha/config/generate").status == .notFound, "upstream's route only")
        }
    }

    @Test func healthIsOKOrERROR() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "/components/v1/healthz", token: nil)
            #expect(status == .ok)
            #expect(json.data?["status"] as? String == "OK")
            #expect(json.data?["services"] == nil)
            let ours = try await gateway.send(.get, "/v1/healthz", token: nil)
            #expect(ours.json.data?["status"] as? String == "ok")
        }
    }

    @Test func deployTokensExpireAfter365DaysAndSaySo() async throws {
        try await GatewayHarness.run { gateway in
            for base in ["/v1/tool", prefix] {
                let shown = try await gateway.send(.get, "\(base)/alpha/deployment/token")
                #expect(shown.json.data?["token"] is NSNull, "only a hash is stored")
                #expect(shown.json.data?["creation_date"] as? String == "2026-01-01T12:00:00.000Z")
                #expect(shown.json.data?["expiration_date"] as? String == "2027-01-01T12:00:00.000Z")
                #expect(shown.json.messages("info").first?.contains("shown only when it is created or refreshed") == true)
                let created = try await gateway.send(.post, "\(base)/alpha/deployment/token")
                #expect(created.json.data?["token"] as? String == "dep-new")
                #expect(created.json.messages("info").first?.contains("expires on 2027-01-01") == true)
            }
        }
    }
}
