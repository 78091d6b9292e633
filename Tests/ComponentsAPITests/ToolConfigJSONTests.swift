import ComponentsAPI
import Testing

/// The stored config answer: the canonical config's members first-level beside the stored
/// version's facts; `changed` and `deleted_versions` only when set.
@Suite struct ToolConfigJSONTests {
    @Test func storedConfigRoundTrips() throws {
        let text = try Samples.roundTrip(Samples.storedConfig)
        #expect(text.hasPrefix(#"{"components":{"api":{"#))
        #expect(text.contains(#""config-version":"v0.1","creation_time":"2026-01-01T12:00:00.000Z","hash":"abc123","source":"config-version: v0.1\n# a comment\n","tool":"alpha","version":2}"#))
        #expect(!text.contains("changed") && !text.contains("deleted_versions"))
    }

    @Test func changedAndDeletedVersionsRoundTrip() throws {
        var answer = Samples.storedConfig
        answer.changed = false
        #expect(try Samples.roundTrip(answer).contains(#""changed":false"#))
        answer.changed = nil
        answer.deletedVersions = 4
        #expect(try Samples.roundTrip(answer).contains(#""deleted_versions":4"#))
    }

    @Test func membersThatAreNotFactsAreTheConfig() throws {
        let text = #"{"components":{},"config-version":"v1beta1","creation_time":"t","hash":"h","source":"s","tool":"alpha","version":1}"#
        let answer = try Samples.decode(ToolConfigJSON.self, text)
        #expect(answer.config == ["components": .object([:]), "config-version": .string("v1beta1")])
        #expect(answer.version == 1 && answer.source == "s" && answer.changed == nil)
    }

    @Test func validationRoundTrips() throws {
        let valid = ConfigValidationJSON(valid: true, warnings: [Samples.violation], hash: "abc123", toolConfig: Samples.toolConfig)
        #expect(try Samples.roundTrip(valid).contains(#""tool_config":{"components""#))
        let withoutConfig = ConfigValidationJSON(valid: true, warnings: [], hash: "abc123", toolConfig: nil)
        #expect(try Samples.roundTrip(withoutConfig) == #"{"hash":"abc123","valid":true,"warnings":[]}"#)
    }

    @Test func jsonValueKeepsIntegersExact() throws {
        try Samples.roundTrip(Samples.toolConfig)
        #expect(try Samples.roundTrip(JSONValue.integer(9_007_199_254_740_993)) == "9007199254740993")
        #expect(JSONValue.parse(#"{"a": [1, 2.5, "x", null, false]}"#) == .object(["a": .array([.integer(1), .number(2.5), .string("x"), .null, .bool(false)])]))
        #expect(JSONValue.parse("{") == nil)
    }
}
