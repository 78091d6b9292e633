import ComponentsAPI
import Testing

/// Deploy tokens, images, logs, health and the deployment request.
@Suite struct SmallAnswerTests {
    @Test func deployTokenWritesNullForWhatIsNotShown() throws {
        let shown = DeployTokenJSON(tool: "alpha", token: "cdt_alpha_secret", creationDate: "2026-01-01T12:00:00.000Z",
                                    expirationDate: "2027-01-01T12:00:00.000Z")
        #expect(try Samples.roundTrip(shown) == #"{"creation_date":"2026-01-01T12:00:00.000Z","expiration_date":"2027-01-01T12:00:00.000Z","token":"cdt_alpha_secret","tool":"alpha"}"#)
        let deleted = DeployTokenJSON(tool: "alpha", token: nil, creationDate: nil)
        #expect(try Samples.roundTrip(deleted) == #"{"creation_date":null,"expiration_date":null,"token":null,"tool":"alpha"}"#)
    }

    @Test func imagesRoundTrip() throws {
        let images = ImageListJSON(images: [
            ImageJSON(name: "python3.13", state: "default", aliases: ["python"], variants: [.init(consumer: "local", reference: "python3.13")]),
            ImageJSON(name: "python3.9", state: "deprecated", aliases: [], variants: []),
        ])
        let text = try Samples.roundTrip(images)
        #expect(text.hasPrefix(#"{"images":[{"aliases":["python"],"name":"python3.13","state":"default","variants":[{"consumer":"local","reference":"python3.13"}]}"#))
    }

    @Test func logsRoundTrip() throws {
        let logs = LogsJSON(deployID: "20260101-120000-abcdefghij", component: "api", source: "run", lines: ["one", "two / three"], nextOffset: 42)
        #expect(try Samples.roundTrip(logs) == #"{"component":"api","deploy_id":"20260101-120000-abcdefghij","lines":["one","two / three"],"next_offset":42,"source":"run"}"#)
    }

    @Test func healthLeavesOutMessageWhenOK() throws {
        let health = HealthJSON(status: "degraded", services: ["config": .init(status: "ok"), "executor": .init(status: "unavailable", message: "connection refused")])
        #expect(try Samples.roundTrip(health) == #"{"services":{"config":{"status":"ok"},"executor":{"message":"connection refused","status":"unavailable"}},"status":"degraded"}"#)
    }

    @Test func deploymentRequestRoundTrips() throws {
        let request = DeploymentRequestJSON(forceBuild: true, onlyPlan: true, description: "from CI")
        #expect(try Samples.roundTrip(request) == #"{"description":"from CI","force_build":true,"force_run":false,"only_plan":true}"#)
    }
}
