import Foundation
import PlannerService
import Testing

@Suite struct ComponentStateTests {
    @Test func onlyTheComponentNameIsRequired() throws {
        let states = try JSONDecoder().decode([ComponentState].self, from: Data(#"[{"component": "api"}]"#.utf8))
        #expect(states == [ComponentState(component: "api")])
        #expect(states[0].health == .unknown)
        #expect(states[0].lastResult == .none)
    }

    @Test func decodesTheDocumentedFields() throws {
        let json = """
            [{"component": "api", "component_type": "one-off", "image_id": "img", "repository": "https://x/y.git",
              "commit": "abc", "build_settings_hash": "h1", "run_spec_hash": "h2", "health": "healthy",
              "last_result": "failed", "scheduled": true, "wait_for": ["db"]}]
            """
        let state = try JSONDecoder().decode([ComponentState].self, from: Data(json.utf8))[0]
        #expect(state == ComponentState(component: "api", type: .oneOff, imageID: "img", repository: "https://x/y.git",
                                        commit: "abc", buildSettingsHash: "h1", runSpecHash: "h2", health: .healthy,
                                        lastResult: .failed, scheduled: true, waitFor: ["db"]))
        let again = try JSONDecoder().decode(ComponentState.self, from: JSONEncoder().encode(state))
        #expect(again == state)
    }

    @Test func unknownHealthIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ComponentState.self, from: Data(#"{"component": "a", "health": "fine"}"#.utf8))
        }
    }
}
