import Testing
import ToolConfig

/// Every fixture under Tests/Fixtures: invalid ones must report their declared error at the
/// declared path and line, valid ones must pass with exactly their declared warnings.
@Suite struct FixtureTests {
    @Test func thereAreAtLeastSixtyInvalidFixtures() {
        #expect(FixtureSupport.names("invalid").count >= 60)
    }

    @Test(arguments: FixtureSupport.names("invalid"))
    func invalidFixtureReportsDeclaredError(name: String) {
        let text = FixtureSupport.text("invalid", name)
        let header = FixtureHeader(text)
        #expect(!header.expectations.isEmpty, "\(name) declares no `# expect:` line")
        let result = ToolConfigParser.parse(bytes: FixtureSupport.bytes("invalid", name), options: header.options)
        #expect(result.config == nil)
        #expect(!result.isValid)
        for expected in header.expectations {
            let match = result.errors.first {
                $0.path == expected.path && $0.line == expected.line
                    && (header.message.map($0.message.contains) ?? true)
            }
            #expect(match != nil, "\(name): no error at \(expected.path) line \(expected.line); got \(result.errors)")
        }
        for error in result.errors {
            #expect(error.line >= 1 && error.column >= 1)
            #expect(!error.message.isEmpty)
        }
    }

    @Test(arguments: FixtureSupport.names("valid"))
    func validFixtureIsValid(name: String) {
        let text = FixtureSupport.text("valid", name)
        let header = FixtureHeader(text)
        let result = ToolConfigParser.parse(text, options: header.options)
        #expect(result.errors.isEmpty, "\(name): \(result.errors)")
        #expect(result.config != nil)
        #expect(result.warnings.count == header.warnings.count, "\(name): \(result.warnings)")
        for expected in header.warnings {
            #expect(result.warnings.contains { $0.path == expected.path && $0.line == expected.line },
                    "\(name): no warning at \(expected.path) line \(expected.line); got \(result.warnings)")
        }
        if let other = header.sameAs, let config = result.config {
            let otherText = FixtureSupport.text("valid", other)
            let otherConfig = ToolConfigParser.parse(otherText, options: FixtureHeader(otherText).options).config
            #expect(otherConfig?.contentHash == config.contentHash, "\(name) should mean the same as \(other)")
        }
    }

    @Test(arguments: FixtureSupport.names("valid"))
    func validFixtureRoundTripsThroughCanonicalJSON(name: String) throws {
        let text = FixtureSupport.text("valid", name)
        let options = FixtureHeader(text).options
        let config = try #require(ToolConfigParser.parse(text, options: options).config)
        let again = ToolConfigParser.parse(config.canonicalJSON(), options: options)
        #expect(again.errors.isEmpty, "\(again.errors)")
        // Only warnings about the content itself (a deprecated image, a field the runtime
        // ignores) may remain.
        #expect(again.warnings.allSatisfy { $0.message.contains("deprecated") || $0.message.contains("does not honour") },
                "\(again.warnings)")
        #expect(again.config == config)
        #expect(again.config?.canonicalJSON() == config.canonicalJSON())
    }
}
