import ComponentsAPI
import Testing

/// Deployments, their builds, runs, plan and fidelity: every key written, `null` for what
/// has not happened, and read back to the same value.
@Suite struct DeploymentJSONTests {
    @Test func deploymentRoundTrips() throws {
        try Samples.roundTrip(Samples.deployment)
        try Samples.roundTrip(Samples.bareDeployment)
    }

    @Test func unsetFieldsAreNullNotAbsent() throws {
        let text = try Samples.roundTrip(Samples.bareDeployment)
        #expect(text == #"{"builds":{},"config_version":1,"creation_time":"2026-01-01T12:00:00.000Z","deploy_id":"20260101-120000-klmnopqrst","description":"","force_build":false,"force_run":false,"long_status":"Waiting to start","plan":null,"plan_fidelity":null,"queued":true,"rollback_of":null,"runs":{},"source_document":null,"status":"pending","tool":"alpha","tool_config":null}"#)
    }

    @Test func aSourceDocumentRoundTrips() throws {
        var deployment = Samples.bareDeployment
        deployment.sourceDocument = SourceDocumentJSON(url: "https://example.org/tool.yaml", sha256: String(repeating: "ab", count: 32),
                                                       fetchedAt: "2026-01-01T12:00:01.000Z", sizeBytes: 120)
        let text = try Samples.roundTrip(deployment)
        #expect(text.contains(#""source_document":{"fetched_at":"2026-01-01T12:00:01.000Z","sha256":"abab"#))
        #expect(text.contains(#""size_bytes":120,"url":"https:\/\/example.org\/tool.yaml"}"#) || text.contains(#""size_bytes":120,"url":"https://example.org/tool.yaml"}"#))
    }

    @Test func upstreamsUnknownBuildAndRunStatusesAreRead() throws {
        let build = try Samples.decode(DeploymentBuildJSON.self, #"{"build_id":"no-id-yet","build_image":"no-image-yet","build_status":"unknown","build_long_status":""}"#)
        #expect(build.buildStatus == .unknown && !build.buildStatus.isFinal)
        let run = try Samples.decode(DeploymentRunJSON.self, #"{"run_status":"unknown","run_long_status":""}"#)
        #expect(run.runStatus == .unknown && !run.runStatus.isFinal)
    }

    @Test func missingOptionalKeysReadAsNull() throws {
        let text = #"{"builds":{},"config_version":1,"creation_time":"t","deploy_id":"d","description":"","force_build":false,"force_run":false,"long_status":"","queued":false,"runs":{},"status":"timed_out","tool":"alpha"}"#
        let deployment = try Samples.decode(DeploymentJSON.self, text)
        #expect(deployment.status == .timedOut)
        #expect(deployment.plan == nil && deployment.toolConfig == nil && deployment.planFidelity == nil)
    }

    @Test func unknownStatusIsAnError() {
        let text = #"{"run_status":"exploded","run_long_status":"","start_time":null,"end_time":null}"#
        #expect(throws: (any Error).self) { try Samples.decode(DeploymentRunJSON.self, text) }
    }

    @Test func buildWritesEveryKey() throws {
        let build = try #require(Samples.deployment.builds["api"])
        let text = try Samples.roundTrip(build)
        #expect(text == #"{"build_id":"","build_image":"","build_long_status":"Not started yet","build_status":"pending","end_time":null,"start_time":null}"#)
        try Samples.roundTrip(try #require(Samples.deployment.builds["worker"]))
    }

    @Test func runWritesEveryKey() throws {
        let run = try #require(Samples.deployment.runs["api"])
        let text = try Samples.roundTrip(run)
        #expect(text == #"{"end_time":null,"run_long_status":"Waiting for the builds","run_status":"pending","start_time":null}"#)
        try Samples.roundTrip(try #require(Samples.deployment.runs["worker"]))
    }

    @Test func listRoundTrips() throws {
        let text = try Samples.roundTrip(DeploymentListJSON(deployments: [Samples.deployment, Samples.bareDeployment]))
        #expect(text.hasPrefix(#"{"deployments":[{"#))
        try Samples.roundTrip(DeploymentListJSON(deployments: []))
    }

    @Test func planLeavesOutEmptyConditionAndSkippedKind() throws {
        let text = try Samples.roundTrip(Samples.plan)
        #expect(text.contains(#"{"component":"api","condition":"built","id":"build:api","kind":"build","needs":[],"reason":"New commit"}"#))
        #expect(text.contains(#"{"component":"worker","id":"build:worker","kind":"skip","needs":[],"reason":"Reusing existing build","skipped_kind":"build"}"#))
        #expect(text.hasPrefix(#"{"critical_path_length":3,"levels":[["build:api"],["barrier:builds"],["run:api"]],"steps":["#))
    }

    @Test func planFidelityRoundTrips() throws {
        #expect(try Samples.roundTrip(PlanFidelityJSON(ok: true, violations: [])) == #"{"ok":true,"violations":[]}"#)
        try Samples.roundTrip(PlanFidelityJSON(ok: false, violations: ["run:api ran though the plan skipped it"]))
    }
}
