import ComponentsAPI
import Testing

/// The envelope: `data` always written (`null` on errors), `violations` only when there
/// are some, and readable for its messages whatever `data` holds.
@Suite struct APIResponseTests {
    @Test func answerRoundTripsWithEveryKey() throws {
        let response = APIResponse(data: Samples.bareDeployment, messages: APIMessages(info: ["Deployment created."], warning: ["careful"]))
        let text = try Samples.roundTrip(response)
        #expect(text.hasPrefix(#"{"data":{"builds":{},"config_version":1,"#))
        #expect(text.hasSuffix(#""messages":{"error":[],"info":["Deployment created."],"warning":["careful"]}}"#))
        #expect(!text.contains("violations"))
    }

    @Test func errorHasNullDataAndViolations() throws {
        let response = APIResponse<NoData>(
            data: nil, messages: APIMessages(error: ["the config has 1 error", Samples.violation.sentence]), violations: [Samples.violation])
        let text = try Samples.roundTrip(response)
        #expect(text == #"{"data":null,"messages":{"error":["the config has 1 error","components.api.run.prot: unknown field \"prot\", did you mean \"port\"? (line 6, column 7)"],"info":[],"warning":[]},"violations":[{"column":7,"line":6,"message":"unknown field \"prot\", did you mean \"port\"?","path":"components.api.run.prot"}]}"#)
    }

    @Test func noDataReadsAnyData() throws {
        let envelope = try Samples.decode(APIResponse<NoData>.self, #"{"data": {"deploy_id": "x", "lines": [1, 2]}, "messages": {"info": ["ok"], "warning": [], "error": []}}"#)
        #expect(envelope.data == NoData())
        #expect(envelope.messages.info == ["ok"])
        let list = try Samples.decode(APIResponse<NoData>.self, #"{"data": [1, "two"], "messages": {"info": [], "warning": [], "error": []}}"#)
        #expect(list.data == NoData())
    }

    @Test func missingMessagesAndDataReadAsEmpty() throws {
        let envelope = try Samples.decode(APIResponse<NoData>.self, #"{"error": "bad gateway"}"#)
        #expect(envelope.data == nil)
        #expect(envelope.messages == APIMessages())
        #expect(envelope.violations == nil)
        let partial = try Samples.decode(APIMessages.self, #"{"error": ["no"]}"#)
        #expect(partial == APIMessages(error: ["no"]))
    }

    @Test func violationSentenceNamesPathAndPlace() throws {
        try Samples.roundTrip(Samples.violation)
        #expect(ViolationJSON(path: "", line: 0, column: 0, message: "empty").sentence == "empty")
        #expect(ViolationJSON(path: "a.b", line: 2, column: 3, message: "bad").sentence == "a.b: bad (line 2, column 3)")
    }
}
