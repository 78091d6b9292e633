import Testing
import ToolConfig

@Suite struct CanonicalJSONTests {
    @Test func canonicalTextIsSortedCompactAndInOurSpelling() throws {
        let text = """
            config_version: v1beta1
            components:
              web:
                wait_for: [db, cache, db]
                run: {port: 80, replicas: 1, health_check_http: /h, timeout_unused: 1}
                component_type: continuous
                build: {repository: https://e.org/r, use_latest_versions: true}
              db:
                component_type: one-off
                build: {reuse_from: web}
                run: {timeout: 90s}
              cache:
                component_type: one-off
                build: {reuse_from: web}
            """
        let config = try #require(ToolConfigParser.parse(text).config)
        #expect(config.canonicalJSON() == #"{"components":{"cache":{"build":{"reuse-from":"web"},"type":"one-off"},"#
            + #""db":{"build":{"reuse-from":"web"},"run":{"timeout":"90s"},"type":"one-off"},"#
            + #""web":{"build":{"repository":"https://e.org/r","use-latest-versions":true},"#
            + #""run":{"health-check":{"path":"/h","type":"http"},"port":80},"type":"continuous","wait-for":["cache","db"]}},"#
            + #""config-version":"v1beta1"}"#)
    }

    @Test func hashIsSHA256HexOfTheCanonicalText() throws {
        let config = ToolConfiguration(configVersion: "v0.1", components: [
            "a": Component(type: .oneOff, build: BuildSpec(repository: "https://e.org/r")),
        ])
        #expect(config.canonicalJSON()
            == #"{"components":{"a":{"build":{"repository":"https://e.org/r"},"type":"one-off"}},"config-version":"v0.1"}"#)
        // Computed independently: printf '%s' '<the text above>' | sha256sum
        #expect(config.contentHash == "ba5115c5d1696b1c67988c77c40b1b72d9e1c5db89d8435dcbc43e46bed6f132")
    }

    @Test func stringsWithAnyCharacterSurviveTheRoundTrip() throws {
        let awkward = "quote \" backslash \\ newline \n tab \t cr \r nul \u{0} bell \u{7} del \u{7F} nel \u{85} ls \u{2028} ps \u{2029} bom \u{FEFF} emoji 🚀 é"
        let config = ToolConfiguration(components: [
            "a": Component(description: awkward, type: .oneOff, build: BuildSpec(repository: "https://e.org/r"),
                           run: RunSpec(command: awkward, env: ["K": awkward])),
        ])
        let parsed = try #require(ToolConfigParser.parse(config.canonicalJSON()).config)
        #expect(parsed == config)
    }

    @Test func missingVersionAndNewestVersionHashTheSame() throws {
        let implicit = try #require(ToolConfigParser.parse("components: {a: {type: one-off, build: {repository: 'https://e.org/r'}}}").config)
        let explicit = try #require(ToolConfigParser.parse("config-version: v1beta1\ncomponents: {a: {type: one-off, build: {repository: 'https://e.org/r'}}}").config)
        #expect(implicit.contentHash == explicit.contentHash)
    }

    @Test func normalizationFoldsDefaultsForHandBuiltModels() {
        let verbose = ToolConfiguration(components: [
            "a": Component(description: "", type: .continuous, build: BuildSpec(repository: "r", useLatestVersions: false),
                           run: RunSpec(port: 1, portProtocol: "tcp", publish: false, replicas: 1, schedule: nil,
                                        retry: 0, emails: "none", filelog: false),
                           waitFor: ["b", "a", "b"]),
        ])
        let terse = ToolConfiguration(components: [
            "a": Component(type: .continuous, build: BuildSpec(repository: "r"), run: RunSpec(port: 1), waitFor: ["a", "b"]),
        ])
        #expect(verbose.normalized() == terse.normalized())
        #expect(verbose.contentHash == terse.contentHash)
    }
}
