import KubernetesBackend
import Testing
import ToolConfig

@Suite struct YAMLEmitterTests {
    @Test func keysAreSortedAndNestingIsBlockStyle() {
        let value: ManifestValue = ["kind": "Service", "apiVersion": "v1", "spec": ["ports": [["port": 80, "name": "main"]], "selector": [:]], "list": []]
        #expect(YAMLEmitter.document(value) == """
            apiVersion: v1
            kind: Service
            list: []
            spec:
              ports:
              - name: main
                port: 80
              selector: {}

            """)
    }

    @Test func stringsThatReadAsOtherTypesOrHoldSpecialCharactersAreQuoted() {
        let cases: [(String, String)] = [
            ("main", "main"), ("tool-x/api.v1", "tool-x/api.v1"),
            ("yes", "\"yes\""), ("No", "\"No\""), ("null", "\"null\""), ("~", "\"~\""), ("123", "\"123\""),
            ("0x10", "\"0x10\""), ("-dash", "\"-dash\""), ("", "\"\""), ("a: b", "\"a: b\""), ("#c", "\"#c\""),
            ("line\nbreak", "\"line\\nbreak\""), ("q\"b\\", "\"q\\\"b\\\\\""),
            ("\u{1}\u{7F}\u{85}\u{2028}\u{FEFF}", "\"\\x01\\x7F\\x85\\u2028\\uFEFF\""), ("é🚀", "\"é🚀\""),
        ]
        for (text, written) in cases {
            #expect(YAMLEmitter.scalar(text) == written, "\(text)")
        }
    }

    /// Every generated document, read back by the config parser's YAML reader (libyaml),
    /// gives the values it was written from.
    @Test func generatedDocumentsReadBackAsTheSameValues() throws {
        let generator = ManifestGenerator()
        var documents = 0
        for seed in UInt64(0)..<200 {
            let input = ManifestInput(tool: RandomToolConfigs.tool(seed: seed), config: RandomToolConfigs.make(seed: seed), deployID: "d-\(seed)")
            for object in generator.objects(for: input) {
                let document = try YAMLParser.parse(object.yaml)
                #expect(document.issues.isEmpty)
                #expect(Self.value(document.root) == object.body, "\(object.reference)")
                documents += 1
            }
        }
        #expect(documents > 1_000)
    }

    /// The YAML 1.2 core schema's reading of a node, as far as manifests need it.
    static func value(_ node: YAMLNode) -> ManifestValue? {
        if let entries = node.mappingEntries {
            var fields: [String: ManifestValue] = [:]
            for entry in entries {
                guard let key = entry.key.scalar?.value, let value = value(entry.value) else { return nil }
                fields[key] = value
            }
            return .object(fields)
        }
        if let items = node.sequenceItems {
            let values = items.compactMap(value)
            return values.count == items.count ? .array(values) : nil
        }
        guard let scalar = node.scalar else { return nil }
        guard scalar.style == .plain else { return .string(scalar.value) }
        if let number = Int(scalar.value) { return .int(number) }
        if scalar.value == "true" || scalar.value == "false" { return .bool(scalar.value == "true") }
        if scalar.value == "[]" { return .array([]) }
        return .string(scalar.value)
    }
}
