import Testing
import ToolConfig

@Suite struct YAMLParserTests {
    private func parse(_ text: String, limits: ParseLimits = ParseLimits()) throws -> YAMLDocument {
        try YAMLParser.parse(text, limits: limits)
    }

    private func error(_ text: String, limits: ParseLimits = ParseLimits()) -> YAMLParseError? {
        do {
            _ = try YAMLParser.parse(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func nodesKeepOneBasedLinesAndColumns() throws {
        let document = try parse("a: 1\nb:\n  c: [x, \"y\"]\n")
        let entries = try #require(document.root.mappingEntries)
        #expect(entries.map { $0.key.scalar?.value } == ["a", "b"])
        #expect(entries[0].key.mark == YAMLMark(line: 1, column: 1))
        #expect(entries[0].value.mark == YAMLMark(line: 1, column: 4))
        let inner = try #require(entries[1].value.mappingEntries)
        #expect(inner[0].key.mark == YAMLMark(line: 3, column: 3))
        let items = try #require(inner[0].value.sequenceItems)
        #expect(items[1].mark == YAMLMark(line: 3, column: 10))
        #expect(items[1].scalar == YAMLScalar(value: "y", style: .doubleQuoted))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let document = try parse("é: ünïcode\n")
        let entry = try #require(document.root.mappingEntries?.first)
        #expect(entry.value.mark == YAMLMark(line: 1, column: 4))
    }

    @Test func scalarStylesAreKept() throws {
        let document = try parse("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  literal\ne: >\n  folded\n")
        let styles = document.root.mappingEntries?.compactMap { $0.value.scalar?.style }
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    }

    @Test func duplicateKeysAreReportedWithPathAndBothLines() throws {
        let document = try parse("components:\n  api:\n    port: 1\n    port: 2\n")
        let issue = try #require(document.issues.first)
        #expect(issue.code == .duplicateKey)
        #expect(issue.path == "components.api.port")
        #expect(issue.line == 4)
        #expect(issue.message.contains("first at line 3"))
    }

    @Test func severalDocumentsAreRefused() {
        let failure = error("a: 1\n---\nb: 2\n")
        #expect(failure?.code == .multipleDocuments)
        #expect(failure?.line == 2)
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "~\n", "---\n...\n"])
    func emptyDocumentsAreRefused(text: String) {
        #expect(error(text)?.code == .emptyDocument)
    }

    @Test func tabIndentationIsNamed() {
        let failure = error("a:\n\tb: 1\n")
        #expect(failure?.code == .tabIndentation)
        #expect(failure?.line == 2)
        #expect(failure?.column == 1)
        #expect(failure?.message.contains("spaces") == true)
    }

    @Test func tabsInJSONAreOrdinaryWhitespace() throws {
        let document = try parse("{\n\t\"a\": [1,\n\t\t2]\n}\n")
        #expect(document.root.mappingEntries?.count == 1)
    }

    @Test func syntaxErrorsCarryPositionAndAdvice() {
        let failure = error("a: [1, 2\nb: 3\n")
        #expect(failure?.code == .syntax)
        #expect(failure?.line == 2)
        #expect(failure?.message.contains("not closed") == true)
    }

    @Test func invalidUTF8IsReported() throws {
        // A lone continuation byte cannot reach the parser through String, so use the
        // byte entry point of ToolConfigParser.
        let result = ToolConfigParser.parse(bytes: [0x61, 0x3A, 0x20, 0xFF, 0x0A])
        #expect(result.errors.first?.message.contains("UTF-8") == true)
    }

    @Test func depthIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let failure = error(deep, limits: ParseLimits(maxDepth: 64))
        #expect(failure?.code == .tooDeep)
    }

    @Test func sizeIsBounded() {
        let failure = error("a: " + String(repeating: "x", count: 2_000) + "\n", limits: ParseLimits(maxDocumentBytes: 1_000))
        #expect(failure?.code == .documentTooLarge)
    }

    @Test func nodeCountIsBoundedWithoutAliases() {
        let list = "[" + Array(repeating: "1", count: 2_000).joined(separator: ",") + "]"
        #expect(error(list, limits: ParseLimits(maxNodes: 1_000))?.code == .tooManyNodes)
    }

    @Test func billionLaughsIsRefusedQuickly() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...30 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let start = ContinuousClock.now
        let failure = error(text)
        let elapsed = ContinuousClock.now - start
        #expect(failure?.code == .aliasExpansion)
        #expect(failure?.message.contains("alias") == true)
        // Expanding it would take 10^30 nodes; refusing takes milliseconds (bound generous for loaded CI).
        #expect(elapsed < .seconds(10))
    }

    @Test func aliasUseCountIsBounded() {
        let text = "a: &x 1\nb: [" + Array(repeating: "*x", count: 50).joined(separator: ", ") + "]\n"
        #expect(error(text, limits: ParseLimits(maxAliases: 10))?.code == .aliasExpansion)
    }

    @Test func aliasesRepeatTheAnchoredNode() throws {
        let document = try parse("a: &x {k: v}\nb: *x\n")
        let entries = try #require(document.root.mappingEntries)
        #expect(entries[1].value.mappingEntries == entries[0].value.mappingEntries)
        #expect(entries[1].value.mark.line == 2)
    }

    @Test func undefinedAndSelfReferencingAliasesAreRefused() {
        #expect(error("a: *nope\n")?.code == .undefinedAlias)
        #expect(error("a: &x [*x]\n")?.code == .undefinedAlias)
    }

    @Test func mergeKeysMergeWithoutOverridingExplicitKeys() throws {
        let document = try parse("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n")
        let child = try #require(document.root.mappingEntries?[1].value.mappingEntries)
        let pairs = child.map { ($0.key.scalar?.value ?? "", $0.value.scalar?.value ?? "") }
        #expect(pairs.map(\.0) == ["y", "x"])
        #expect(pairs.first { $0.0 == "y" }?.1 == "3")
    }

    @Test func unknownTagsAreRefusedButCoreTagsWork() throws {
        #expect(error("a: !custom x\n")?.code == .unsupportedTag)
        let document = try parse("a: !!str 5000\n")
        let value = try #require(document.root.mappingEntries?.first?.value)
        #expect(value.tag == YAMLTag.str)
        #expect(YAMLScalarResolver.resolve(try #require(value.scalar), tag: value.tag) == .string("5000"))
    }

    @Test func nonScalarKeysAreRefused() {
        #expect(error("? [a, b]\n: c\n")?.code == .unsupportedKey)
    }
}
