import Testing
@testable import ToolConfig

/// Configs written for the upstream components-api keep their meaning here.
@Suite struct UpstreamSpellingTests {
    @Test func upstreamDefaultsAndSpellingsMeanWhatTheyMeanUpstream() throws {
        let parsed = ToolConfigParser.parse(FixtureSupport.text("valid", "upstream-defaults.yaml"))
        let config = try #require(parsed.config, "\(parsed.errors)")
        #expect(config.configVersion == ToolConfiguration.newestVersion, "config_version: null is the newest")
        #expect(config.components["api"]?.type == .continuous, "a component without a type is continuous")
        #expect(config.components["api"]?.run.publish == true, "publish: \"/\" publishes the whole address")
        #expect(config.components["migrate"]?.type == .oneOff)
        #expect(config.components["migrate"]?.run.timeoutSeconds == 90, "an integer timeout is seconds")
    }

    @Test func publishKeepsOurSpellingAndRefusesWhatIsNeitherPathNorBoolean() {
        func errors(_ publish: String) -> [String] {
            ToolConfigParser.parse("""
                components:
                  api:
                    build: {repository: "https://example.org/tool.git"}
                    run: {command: api, port: 8000, publish: \(publish)}
                """).errors.map { "\($0.path) \($0.message)" }
        }
        #expect(errors("true").isEmpty)
        #expect(errors("false").isEmpty)
        #expect(errors("\"/\"").isEmpty)
        #expect(errors("\"/api\"").first?.contains("only \"/\"") == true, "\(errors("\"/api\""))")
        #expect(errors("sometimes").first?.contains("components.api.run.publish") == true, "\(errors("sometimes"))")
    }
}
