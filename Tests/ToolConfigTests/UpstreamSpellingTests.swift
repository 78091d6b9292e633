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

/// Upstream fields a runtime cannot honour are accepted with a warning naming them.
@Suite struct RuntimeSupportTests {
    private let config = """
        components:
          job:
            component_type: scheduled
            build: {repository: "https://example.org/tool.git", use_latest_versions: true}
            run: {command: job, schedule: "@hourly", emails: all, retry: 2, filelog: true, timeout: 0}
        """

    @Test func theLocalBackendWarnsAboutEachFieldItIgnores() throws {
        let result = ToolConfigParser.parse(config)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let paths = Set(result.warnings.map(\.path))
        #expect(paths == ["components.job.build.use_latest_versions", "components.job.run.emails",
                          "components.job.run.retry", "components.job.run.filelog", "components.job.run.timeout"])
        for warning in result.warnings {
            let field = try #require(warning.path.split(separator: ".").last)
            #expect(warning.message.hasPrefix("\(field) is accepted, but the local backend does not honour it"), "\(warning)")
        }
        #expect(result.config?.components["job"]?.run.timeoutSeconds == nil, "timeout 0 leaves the default limit")
    }

    @Test func defaultValuesAndARuntimeThatHonoursEverythingGiveNoWarning() {
        #expect(ToolConfigParser.parse(config, options: ValidationOptions(runtime: .complete)).warnings.isEmpty)
        let defaults = ToolConfigParser.parse("""
            components:
              job:
                component_type: scheduled
                build: {repository: "https://example.org/tool.git", use_latest_versions: false}
                run: {command: job, schedule: "@hourly", emails: none, retry: 0, filelog: false, mount: none}
            """)
        #expect(defaults.errors.isEmpty && defaults.warnings.isEmpty, "\(defaults.errors) \(defaults.warnings)")
    }

    @Test func nullIsLeftOutOnlyWhereUpstreamAllowsIt() {
        let nullPort = ToolConfigParser.parse("""
            components:
              web: {build: {repository: "https://example.org/tool.git"}, run: {command: web, port: null, replicas: ~}}
            """)
        #expect(nullPort.errors.isEmpty, "\(nullPort.errors)")
        #expect(nullPort.config?.components["web"]?.run.port == nil)
        let nullCommand = ToolConfigParser.parse("""
            components:
              web: {build: {repository: "https://example.org/tool.git"}, run: {command: null}}
            """)
        #expect(nullCommand.errors.map(\.path) == ["components.web.run.command"])
    }
}
