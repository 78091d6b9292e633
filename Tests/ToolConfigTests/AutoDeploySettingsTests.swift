import Testing
import ToolConfig

/// The top-level `auto-deploy:` section: both spellings, `off`, and errors with path and line.
@Suite struct AutoDeploySettingsTests {
    private static let components = "components:\n  api:\n    type: one-off\n    build: {repository: 'https://e.org/r'}\n"

    private func parse(_ section: String) -> ValidationResult {
        ToolConfigParser.parse(Self.components + section)
    }

    @Test(arguments: [
        ("auto-deploy: {poll: 1m}", 60), ("auto_deploy: {poll: 1m}", 60), ("auto-deploy:\n  poll: 30s", 30),
        ("auto-deploy: {poll: 1h30m}", 5_400), ("auto-deploy: {poll: 90}", 90), ("auto-deploy: {poll: 1d}", 86_400),
    ])
    func readsTheInterval(section: String, seconds: Int) throws {
        let result = parse(section)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(try #require(result.config).autoDeploy == AutoDeploySettings(pollSeconds: seconds))
    }

    @Test(arguments: ["auto-deploy: {poll: off}", "auto_deploy: {poll: 'off'}", "auto-deploy: {poll: false}", "auto-deploy:", ""])
    func offOrAbsentMeansNoPolling(section: String) throws {
        let result = parse(section)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(try #require(result.config).autoDeploy == nil)
    }

    @Test(arguments: [
        ("auto-deploy: {poll: soon}", "auto-deploy.poll", "is not an interval"),
        ("auto-deploy: {poll: 0s}", "auto-deploy.poll", "is not an interval"),
        ("auto-deploy: {poll: 2d}", "auto-deploy.poll", "longer than a day"),
        ("auto-deploy: {poll: [1m]}", "auto-deploy.poll", "must be text"),
        ("auto-deploy: {poll: }", "auto-deploy.poll", "has no value"),
        ("auto-deploy: {}", "auto-deploy.poll", "needs poll"),
        ("auto-deploy: 1m", "auto-deploy", "must be a mapping"),
        ("auto_deploy: {poll: 1x}", "auto_deploy.poll", "is not an interval"),
    ])
    func refusesWithPathAndLine(section: String, path: String, words: String) throws {
        let result = parse(section)
        #expect(result.config == nil)
        let error = try #require(result.errors.first, "\(result.warnings)")
        #expect(error.path == path)
        #expect(error.line == 5, "the section is on line 5")
        #expect(error.message.contains(words), "\(error.message)")
    }

    @Test func unknownFieldIsAWarningWithASuggestion() {
        let result = parse("auto-deploy: {poll: 1m, pol: 2m}")
        #expect(result.errors.isEmpty)
        #expect(result.warnings.contains { $0.path == "auto-deploy.pol" && $0.message.contains("did you mean \"poll\"") }, "\(result.warnings)")
    }

    @Test func bothSpellingsAtOnceAreAnError() {
        let result = parse("auto-deploy: {poll: 1m}\nauto_deploy: {poll: 2m}")
        #expect(result.errors.contains { $0.message.contains("two spellings") }, "\(result.errors)")
    }

    /// Stored configs are canonical JSON: the section survives the round trip, and a config
    /// without it keeps its old form (and hash).
    @Test func survivesTheCanonicalRoundTrip() throws {
        let polled = try #require(parse("auto_deploy: {poll: 90s}").config)
        let json = polled.canonicalJSON()
        #expect(json.contains("\"auto-deploy\":{\"poll\":\"90s\"}"), "\(json)")
        let back = try #require(ToolConfigParser.parse(json).config)
        #expect(back == polled)
        let plain = try #require(parse("").config)
        #expect(!plain.canonicalJSON().contains("auto-deploy"))
        #expect(try #require(parse("auto-deploy: {poll: off}").config).contentHash == plain.contentHash)
    }
}
