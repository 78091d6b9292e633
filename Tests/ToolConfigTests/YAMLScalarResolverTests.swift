import Testing
import ToolConfig

@Suite struct YAMLScalarResolverTests {
    private func plain(_ text: String) -> YAMLScalarValue {
        YAMLScalarResolver.resolve(YAMLScalar(value: text, style: .plain), tag: nil)
    }

    @Test func coreSchemaValues() {
        #expect(plain("") == .null)
        #expect(plain("~") == .null)
        #expect(plain("null") == .null)
        #expect(plain("true") == .bool(true))
        #expect(plain("FALSE") == .bool(false))
        #expect(plain("42") == .int(42))
        #expect(plain("-7") == .int(-7))
        #expect(plain("0x1F") == .int(31))
        #expect(plain("0o17") == .int(15))
        #expect(plain("1.5") == .float(1.5))
        #expect(plain("1e3") == .float(1000))
    }

    @Test func yaml11WordsStayStrings() {
        for word in ["yes", "no", "on", "off", "y", "n"] {
            #expect(plain(word) == .string(word))
        }
    }

    @Test func quotedScalarsAreAlwaysStrings() {
        for style in [YAMLScalarStyle.singleQuoted, .doubleQuoted, .literal, .folded] {
            #expect(YAMLScalarResolver.resolve(YAMLScalar(value: "5000", style: style), tag: nil) == .string("5000"))
            #expect(YAMLScalarResolver.resolve(YAMLScalar(value: "true", style: style), tag: nil) == .string("true"))
        }
    }

    @Test func wordsThatDoubleAcceptsStayStrings() {
        #expect(plain("infinity") == .string("infinity"))
        #expect(plain("nan") == .string("nan"))
        #expect(plain("1.2.3") == .string("1.2.3"))
    }

    @Test func hugeIntegersDoNotOverflow() {
        #expect(plain("99999999999999999999999") != .int(0))
        if case .int = plain("99999999999999999999999") { Issue.record("overflowed into an Int") }
    }
}
