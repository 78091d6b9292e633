import Foundation
import Hummingbird
import Testing

/// Deployments keep the field names of the Toolforge components-api v1, and the options
/// reach the executor whichever way they are spelled.
@Suite struct DeploymentRoutesTests {
    @Test func createAnswersPendingDeploymentWithEveryToolforgeField() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.post, "/v1/tool/alpha/deployment")
            #expect(status == .ok)
            let data = try #require(json.data)
            for key in ["deploy_id", "creation_time", "status", "long_status", "builds", "runs", "force_build", "force_run", "description"] {
                #expect(data[key] != nil, "missing \(key)")
            }
            for key in ["plan", "config_version", "queued", "tool", "tool_config"] {
                #expect(data[key] != nil, "missing \(key)")
            }
            #expect(data["status"] as? String == "pending")
            #expect(data["creation_time"] as? String == "2026-01-01T12:00:00.000Z")
            let creation = try #require(data["creation_time"] as? String)
            #expect((try? Date(creation, strategy: .iso8601)) != nil)

            let builds = try #require(data["builds"] as? [String: [String: Any]])
            #expect(Set(builds.keys) == ["api", "worker"])
            for key in ["build_id", "build_image", "build_status", "build_long_status", "start_time", "end_time"] {
                #expect(builds["worker"]?[key] != nil, "missing builds.worker.\(key)")
            }
            #expect(builds["worker"]?["build_status"] as? String == "skipped")
            #expect(builds["worker"]?["build_long_status"] as? String == "Reusing existing build")
            #expect(builds["worker"]?["start_time"] as? String == "2026-01-01T12:00:00.500Z")
            #expect(builds["api"]?["start_time"] is NSNull)

            let runs = try #require(data["runs"] as? [String: [String: Any]])
            #expect(runs["api"]?["run_status"] as? String == "pending")
            #expect(runs["api"]?["run_long_status"] as? String == "Waiting for the builds")

            let plan = try #require(data["plan"] as? [String: Any])
            #expect((plan["levels"] as? [[String]]) == [["build:api"], ["run:api"]])
            #expect(plan["critical_path_length"] as? Int == 2)
            let steps = try #require(plan["steps"] as? [[String: Any]])
            #expect(steps[1]["kind"] as? String == "skip")
            #expect(steps[1]["skipped_kind"] as? String == "build")
            #expect(json.messages("info").first?.contains("created successfully") == true)
        }
    }

    @Test func optionsComeFromQueryOrBodyInEitherSpelling() async throws {
        try await GatewayHarness.run { gateway in
            try await gateway.send(.post, "/v1/tool/alpha/deployment?force-build=true&force_run")
            try await gateway.send(.post, "/v1/tool/alpha/deployment", body: #"{"force_build": true, "only-plan": true, "description": "from CI", "ref": "refs/heads/main"}"#)
            try await gateway.send(.post, "/v1/tool/alpha/deployment?force-build=true", body: #"{"force-build": false, "force-run": "yes"}"#)
            let asked = gateway.createdDeployments.all
            // A failed request must fail the test, not crash the test process on asked[0].
            try #require(asked.count == 3)
            #expect(asked[0].forceBuild && asked[0].forceRun && !asked[0].onlyPlan)
            #expect(asked[1].forceBuild && !asked[1].forceRun && asked[1].onlyPlan && asked[1].description == "from CI")
            #expect(!asked[2].forceBuild && asked[2].forceRun)
            #expect(asked.allSatisfy { $0.tool == "alpha" })
        }
    }

    @Test func badOptionsAre400() async throws {
        try await GatewayHarness.run { gateway in
            let answer1 = try await gateway.send(.post, "/v1/tool/alpha/deployment?force-build=maybe")
            #expect(answer1.status == .badRequest)
            let answer2 = try await gateway.send(.post, "/v1/tool/alpha/deployment", body: "[1, 2]")
            #expect(answer2.status == .badRequest)
            let answer3 = try await gateway.send(.post, "/v1/tool/alpha/deployment", body: #"{"force-run": 3}"#)
            #expect(answer3.status == .badRequest)
            #expect(gateway.createdDeployments.all.isEmpty)
        }
    }

    @Test func readCancelDeleteAndLogs() async throws {
        try await GatewayHarness.run { gateway in
            let id = FakeExecutorService.deployID
            let one = try await gateway.send(.get, "/v1/tool/alpha/deployment/\(id)")
            #expect(one.status == .ok)
            #expect((one.json.data?["tool_config"] as? [String: Any])?["config-version"] as? String == "v0.1")

            let list = try await gateway.send(.get, "/v1/tool/alpha/deployment?limit=5")
            #expect((list.json.data?["deployments"] as? [[String: Any]])?.first?["deploy_id"] as? String == id)

            let answer4 = try await gateway.send(.get, "/v1/tool/alpha/deployment/latest")
            #expect(answer4.json.data?["deploy_id"] as? String == id)

            let cancelled = try await gateway.send(.put, "/v1/tool/alpha/deployment/\(id)/cancel")
            #expect(cancelled.json.data?["status"] as? String == "cancelling")
            let answer5 = try await gateway.send(.put, "/v1/tool/alpha/deployment/latest/cancel")
            #expect(answer5.status == .ok)

            let deleted = try await gateway.send(.delete, "/v1/tool/alpha/deployment/\(id)")
            #expect(deleted.status == .ok)

            let logs = try await gateway.send(.get, "/v1/tool/alpha/deployment/\(id)/logs?component=api&source=build&tail=10")
            #expect(logs.status == .ok)
            #expect(logs.json.data?["lines"] as? [String] == ["api build line 1", "line 2"])
            #expect(logs.json.data?["next_offset"] as? Int == 42)
            let badSource = try await gateway.send(.get, "/v1/tool/alpha/deployment/\(id)/logs?source=stdout")
            #expect(badSource.status == .badRequest)
            let badTail = try await gateway.send(.get, "/v1/tool/alpha/deployment/\(id)/logs?tail=-1")
            #expect(badTail.status == .badRequest)
        }
    }

    @Test func unknownDeploymentIs404() async throws {
        try await GatewayHarness.run { gateway in
            let (status, json) = try await gateway.send(.get, "/v1/tool/alpha/deployment/20990101-000000-zzzzzzzzzz")
            #expect(status == .notFound)
            #expect(json.dataIsNull)
            #expect(json.messages("error") == ["the tool alpha has no deployment 20990101-000000-zzzzzzzzzz"])
        }
    }
}
