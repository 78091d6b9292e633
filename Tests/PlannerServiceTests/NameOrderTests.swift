@testable import PlannerService
import PropertyBased
import Testing

@Suite struct NameOrderTests {
    @Test func sortsByBytesWithPrefixesFirst() {
        let names = ["b", "a-1", "a", "", "a-10", "a-2", "ab", "toolhunt-api", "toolhunt-api-x", "toolhunt-ap"]
        let order = NameOrder.sortedIndices(names)
        #expect(order.map { names[$0] } == names.sorted())
    }

    @Test func equalStringsKeepInputOrder() {
        #expect(NameOrder.sortedIndices(["x", "a", "x", "a"]) == [1, 3, 0, 2])
    }

    @Test func agreesWithTheStandardSortOnRandomLabels() async {
        await propertyCheck(input: Gen.uint64(), Gen.int(in: 0 ... 300)) { seed, count in
            var rng = SplitMix64(seed: seed)
            let alphabet = Array("abz09-")
            let names = (0 ..< count).map { _ in
                String((0 ..< Int.random(in: 0 ... 30, using: &rng)).map { _ in alphabet[Int.random(in: 0 ..< alphabet.count, using: &rng)] })
            }
            #expect(NameOrder.sortedIndices(names).map { names[$0] } == names.sorted())
        }
    }
}

@Suite struct StringTableTests {
    @Test func internsInInsertionOrderAndFindsAgain() {
        var table = StringTable()
        let words = (0 ..< 1000).map { "component-\($0 * 7919 % 1000)-with-a-longer-name" } + ["", "a"]
        for (k, word) in words.enumerated() {
            #expect(table.intern(word) == (k, true))
        }
        for (k, word) in words.enumerated() {
            #expect(table.intern(word) == (k, false))
            #expect(table.id(of: word) == k)
        }
        #expect(table.id(of: "missing") == nil)
        #expect(table.strings == words)
    }

    @Test func tableOfPositionsGivesEachStringItsPositionAndListsLaterDuplicates() {
        // Enough strings for many slot buckets, in an order unrelated to their slots.
        let words = (0 ..< 5000).map { "component-\($0 * 7919 % 5000)" } + ["", "component-17", "x", "", "component-4999"]
        var duplicates: [Int] = []
        let table = StringTable(positionsOf: words, duplicates: &duplicates)
        #expect(duplicates == [5001, 5003, 5004])
        #expect(table.strings == words)
        for (k, word) in words.enumerated() where !duplicates.contains(k) {
            #expect(table.id(of: word) == (words.firstIndex(of: word) ?? -1))
        }
        #expect(table.id(of: "component-5000") == nil)
        #expect(table.ids(of: ["x", "missing", "component-17", ""]) == [5002, -1, words.firstIndex(of: "component-17")!, 5000])
    }
}

@Suite struct PackedKeyTableTests {
    @Test func internsKeysAndFindsThemAfterGrowing() {
        var table = PackedKeyTable()
        for k in 0 ..< 500 {
            #expect(table.intern(pack(Int32(k), -1), UInt64(k % 7)) == (k, true))
        }
        for k in 0 ..< 500 {
            #expect(table.id(pack(Int32(k), -1), UInt64(k % 7)) == k)
        }
        #expect(table.id(pack(0, -1), 1) == nil)
        #expect(table.count == 500)
    }
}
