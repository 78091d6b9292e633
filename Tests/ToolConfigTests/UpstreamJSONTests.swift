import PropertyBased
import Testing
import ToolConfig

/// `upstreamJSON()` writes upstream's spelling and reads back as the same config, so a config
/// shown under /components/v1 and fed back creates no new version.
@Suite struct UpstreamJSONTests {
    @Test(arguments: FixtureSupport.names("valid"))
    func everyValidFixtureRoundTripsThroughTheUpstreamSpelling(name: String) throws {
        let text = FixtureSupport.text("valid", name)
        let options = FixtureHeader(text).options
        let config = try #require(ToolConfigParser.parse(text, options: options).config)
        let again = ToolConfigParser.parse(config.upstreamJSON(), options: options)
        #expect(again.errors.isEmpty, "\(name): \(again.errors)")
        #expect(again.config?.contentHash == config.contentHash, "\(name): \(config.upstreamJSON())")
    }

    @Test func randomConfigsRoundTripThroughTheUpstreamSpelling() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            let config = RandomConfig.make(seed: seed)
            let again = ToolConfigParser.parse(config.upstreamJSON(), options: .acceptedConfig)
            #expect(again.errors.isEmpty, "seed \(seed): \(again.errors)")
            #expect(again.config?.contentHash == config.contentHash, "seed \(seed): \(config.upstreamJSON())")
        }
    }

    @Test func fieldsAreWrittenInUpstreamSpellingAndFormats() throws {
        let config = try #require(ToolConfigParser.parse("""
            components:
              web:
                build: {repository: "https://example.org/tool.git", ref: main}
                run: {command: web, port: 8000, publish: true, health-check: {type: http, path: /healthz}}
              job:
                type: one-off
                build: {reuse-from: web}
                run: {command: job, timeout: 10m}
            """).config)
        let json = config.upstreamJSON()
        for expected in [#""config_version":"v1beta1""#, #""component_type":"continuous""#, #""reuse_from":"web""#,
                         #""health_check_http":"/healthz""#, #""publish":"/""#, #""timeout":600"#] {
            #expect(json.contains(expected), "\(expected) in \(json)")
        }
        for ours in ["reuse-from", "health-check", "config-version", #""type""#] {
            #expect(!json.contains(ours), "\(ours) in \(json)")
        }
    }
}
