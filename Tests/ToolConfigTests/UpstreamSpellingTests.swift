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
        #expect(errors("\"/api/v1/\"").isEmpty, "a longer prefix is published too")
        #expect(errors("sometimes").first?.contains("components.api.run.publish") == true, "\(errors("sometimes"))")
        for hostile in ["\"//api\"", "\"/api/%2e%2e\"", "\"/a b\"", "\"/api/./x\"", "\"/\(String(repeating: "a", count: 300))\""] {
            #expect(errors(hostile).first?.hasPrefix("components.api.run.publish publish") == true, "\(hostile): \(errors(hostile))")
        }
    }

    @Test func aPublishedPathIsNormalizedAndHashesLikeBefore() throws {
        func run(_ publish: String) throws -> RunSpec {
            let parsed = ToolConfigParser.parse("""
                components:
                  api:
                    build: {repository: "https://example.org/tool.git"}
                    run: {command: api, port: 8000, publish: \(publish)}
                """)
            return try #require(parsed.config?.components["api"]?.run, "\(parsed.errors)")
        }
        #expect(try run("\"/api/\"").publishedPath == "/api")
        #expect(try run("\"/\"").publishedPath == "/")
        #expect(try run("true").publishedPath == "/")
        #expect(try run("false").publishedPath == nil)
        // `/` and `true` are one config: the same canonical form, so the same run hash.
        #expect(try run("\"/\"").normalized() == run("true").normalized())
        #expect(try run("\"/api\"").normalized() != run("true").normalized())
    }
}
