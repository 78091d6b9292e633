import PropertyBased
import Testing
import ToolConfig

/// Properties of the canonical form over random valid configs (see ``RandomConfig``).
@Suite struct CanonicalPropertyTests {
    @Test func randomConfigsAreValid() async {
        await propertyCheck(count: 100, input: Gen<UInt64>.value()) { seed in
            let config = RandomConfig.make(seed: seed)
            let result = ToolConfigParser.parse(config.canonicalJSON())
            #expect(result.errors.isEmpty, "seed \(seed): \(result.errors)")
        }
    }

    @Test func canonicalJSONParsesBackToAnEqualConfig() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            let config = RandomConfig.make(seed: seed)
            let json = config.canonicalJSON()
            let parsed = ToolConfigParser.parse(json).config
            #expect(parsed == config, "seed \(seed): \(json)")
            #expect(parsed?.canonicalJSON() == json)
        }
    }

    @Test func keyOrderAndSpellingNeverChangeTheHash() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value(), Gen<UInt64>.value()) { seed, shuffleSeed in
            let config = RandomConfig.make(seed: seed)
            var writer = ShuffledYAMLWriter(rng: SeededGenerator(seed: shuffleSeed))
            let yaml = writer.write(config)
            // A runtime that honours every field, so that the only warnings would be about spelling.
            let result = ToolConfigParser.parse(yaml, options: ValidationOptions(runtime: .complete))
            #expect(result.errors.isEmpty, "seed \(seed)/\(shuffleSeed): \(result.errors)\n\(yaml)")
            #expect(result.warnings.isEmpty, "seed \(seed)/\(shuffleSeed): \(result.warnings)")
            #expect(result.config?.contentHash == config.contentHash, "seed \(seed)/\(shuffleSeed):\n\(yaml)")
        }
    }

    @Test func differentConfigsHashDifferently() async {
        await propertyCheck(count: 100, input: Gen<UInt64>.value()) { seed in
            let config = RandomConfig.make(seed: seed)
            guard let name = config.components.keys.min(), var component = config.components[name] else { return }
            component.run.env["CHANGED_BY_TEST"] = "1"
            var changed = config
            changed.components[name] = component
            #expect(changed.contentHash != config.contentHash)
        }
    }

    @Test func arbitraryTextNeverCrashesAndAlwaysExplains() async {
        await propertyCheck(count: 300, input: Gen.latin1.string(of: 0...200)) { text in
            let result = ToolConfigParser.parse(text)
            #expect((result.config == nil) == !result.errors.isEmpty)
            for violation in result.errors + result.warnings {
                #expect(violation.line >= 1 && violation.column >= 1 && !violation.message.isEmpty)
            }
        }
    }

    @Test func mutatedFixturesNeverCrash() async {
        let source = Array(FixtureSupport.text("valid", "components-api-v1beta1.yaml").unicodeScalars)
        let alphabet: [Unicode.Scalar] = [" ", "\t", "\n", ":", "-", "[", "]", "{", "}", "\"", "'", "&", "*", "#", "a", "0", "!", "|", ">"]
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { seed in
            var rng = SeededGenerator(seed: seed)
            var scalars = source
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let index = Int.random(in: 0..<scalars.count, using: &rng)
                if Bool.random(using: &rng) {
                    scalars[index] = alphabet.randomElement(using: &rng) ?? " "
                } else {
                    scalars.remove(at: index)
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let result = ToolConfigParser.parse(text)
            #expect((result.config == nil) == !result.errors.isEmpty)
        }
    }
}
