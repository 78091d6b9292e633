import PlannerService
import Testing

@Suite struct StableHasherTests {
    /// Published FNV-1a 64 test vectors: the hash must never change, since it is stored.
    @Test(arguments: [
        ("", 0xcbf2_9ce4_8422_2325 as UInt64),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
    ])
    func matchesFNV1a64(input: String, expected: UInt64) {
        #expect(StableHasher.hash(Array(input.utf8)) == expected)
    }

    @Test func hexDigestIsPaddedAndPrefixed() {
        var hasher = StableHasher()
        hasher.combine("")
        #expect(hasher.hexDigest == "fnv1a64:cbf29ce484222325")
        #expect(hasher.hexDigest.count == "fnv1a64:".count + 16)
    }

    @Test func settingsHashTellsNilEmptyAndShiftedFieldsApart() {
        let hashes = [
            BuildKey.settingsHash(path: nil, command: nil, image: nil),
            BuildKey.settingsHash(path: "", command: nil, image: nil),
            BuildKey.settingsHash(path: nil, command: "", image: nil),
            BuildKey.settingsHash(path: "ab", command: nil, image: nil),
            BuildKey.settingsHash(path: "a", command: "b", image: nil),
            BuildKey.settingsHash(path: nil, command: nil, image: "ab"),
        ]
        #expect(Set(hashes).count == hashes.count)
        #expect(BuildKey.settingsHash(path: "x", command: "make", image: nil)
            == BuildKey.settingsHash(path: "x", command: "make", image: nil))
    }
}
