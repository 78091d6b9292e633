/// Interns strings as dense ids `0..<count` in an open-addressing table.
///
/// The planner maps every name (and repository, ref, commit) to an id exactly once, so the
/// graph work runs on `Int` arrays. A word-at-a-time hash of the UTF-8 bytes keeps that
/// mapping cheap at 100,000 components, where `Dictionary<String, Int>` is several times
/// slower. Each slot packs 32 bits of the hash with the id, so a probe reads one word and
/// compares strings only on a likely hit. Ids are assigned in insertion order (until
/// `renumber`), so nothing depends on hash values.
struct StringTable {
    /// `hash >> 32 << 32 | id + 1`; 0 is an empty slot.
    private var slots: [UInt64]
    /// The interned strings, by id.
    private(set) var strings: [String]
    private var mask: Int

    init(capacity: Int = 8) {
        self.init(capacity: capacity, reserving: true)
    }

    private init(capacity: Int, reserving: Bool) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        strings = []
        if reserving { strings.reserveCapacity(capacity) }
    }

    var count: Int { strings.count }

    /// A table of `strings` in which each string's id is its position. Positions whose
    /// string came earlier are left out of the table and listed in `duplicates`, ascending.
    ///
    /// The strings are inserted in the order of their home slots (a counting sort on the
    /// slot's high bits), so that at 100,000 names the inserts walk the slot array from one
    /// end to the other instead of missing the cache at every one.
    init(positionsOf strings: [String], duplicates: inout [Int]) {
        self.init(capacity: strings.count, reserving: false)
        let hashes = strings.map(Self.hash)
        let order = Self.slotOrder(hashes, mask: mask)
        for k in 0 ..< order.edgeCount {
            let p = order.target(k)
            let hash = hashes[p]
            let tag = hash & Self.tagMask
            var slot = Int(truncatingIfNeeded: hash) & mask
            var duplicate = false
            while true {
                let entry = slots[slot]
                if entry == 0 { break }
                if entry & Self.tagMask == tag && strings[Int(truncatingIfNeeded: entry & Self.idMask) - 1] == strings[p] {
                    duplicate = true
                    break
                }
                slot = (slot &+ 1) & mask
            }
            if duplicate {
                duplicates.append(p)
            } else {
                slots[slot] = tag | UInt64(p + 1)
            }
        }
        duplicates.sort()
        self.strings = strings
    }

    /// The id of `string`, adding it if new.
    @discardableResult
    mutating func intern(_ string: String) -> (id: Int, inserted: Bool) {
        let hash = Self.hash(string)
        let tag = hash & Self.tagMask
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & Self.tagMask == tag {
                let id = Int(truncatingIfNeeded: entry & Self.idMask) - 1
                if strings[id] == string { return (id, false) }
            }
            slot = (slot &+ 1) & mask
        }
        let id = strings.count
        slots[slot] = tag | UInt64(id + 1)
        strings.append(string)
        if strings.count * 2 > slots.count { rebuild(size: slots.count * 2) }
        return (id, true)
    }

    /// The id of `string`, if interned.
    @inline(__always)
    func id(of string: String) -> Int? {
        let hash = Self.hash(string)
        let tag = hash & Self.tagMask
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry & Self.tagMask == tag {
                let id = Int(truncatingIfNeeded: entry & Self.idMask) - 1
                if strings[id] == string { return id }
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// The ids of many strings at once (-1 for those not interned), in their order.
    ///
    /// The same answers as `id(of:)` one by one, but in three simple passes (hash, probe,
    /// compare) whose iterations do not depend on each other, so that at 100,000 names the
    /// processor overlaps the cache misses of many lookups instead of waiting for each.
    func ids(of queries: [String]) -> [Int] {
        let hashes = queries.map(Self.hash)
        var found = [Int](repeating: -1, count: queries.count)
        for (k, hash) in hashes.enumerated() {
            let tag = hash & Self.tagMask
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { break }
                if entry & Self.tagMask == tag {
                    found[k] = Int(truncatingIfNeeded: entry & Self.idMask) - 1
                    break
                }
                slot = (slot &+ 1) & mask
            }
        }
        for k in queries.indices where found[k] >= 0 && strings[found[k]] != queries[k] {
            // A tag match is almost always the string itself; else look it up properly.
            found[k] = id(of: queries[k]) ?? -1
        }
        return found
    }

    /// Positions `0..<hashes.count` grouped by their home slot's bucket of 64 slots, so
    /// that taking them in target order walks the slots in order.
    private static func slotOrder(_ hashes: [UInt64], mask: Int) -> AdjacencyList {
        let shift = min(mask.nonzeroBitCount, 6)
        return AdjacencyList(rows: (mask >> shift) + 1, grouping: hashes.count) {
            (Int(truncatingIfNeeded: hashes[$0]) & mask) >> shift
        }
    }

    /// Gives every string the id `newID[oldID]` (a permutation), so that lookups answer in
    /// the caller's numbering without a second, random, array access.
    mutating func renumber(_ newID: [Int]) {
        var renumbered = strings
        for (old, string) in strings.enumerated() { renumbered[newID[old]] = string }
        strings = renumbered
        for slot in slots.indices where slots[slot] != 0 {
            let old = Int(truncatingIfNeeded: slots[slot] & Self.idMask) - 1
            slots[slot] = slots[slot] & Self.tagMask | UInt64(newID[old] + 1)
        }
    }

    private static let tagMask: UInt64 = 0xffff_ffff_0000_0000
    private static let idMask: UInt64 = 0x0000_0000_ffff_ffff

    private mutating func rebuild(size: Int) {
        var grown = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for entry in slots where entry != 0 {
            let id = Int(truncatingIfNeeded: entry & Self.idMask) - 1
            var slot = Int(truncatingIfNeeded: Self.hash(strings[id])) & newMask
            while grown[slot] != 0 { slot = (slot &+ 1) & newMask }
            grown[slot] = entry
        }
        slots = grown
        mask = newMask
    }

    /// A fast hash of the UTF-8 bytes, eight at a time, with a final avalanche so that the
    /// low bits (the slot) and the high bits (the tag) depend on every byte.
    @inline(__always)
    static func hash(_ string: String) -> UInt64 {
        if let hash = string.utf8.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(string.utf8).withUnsafeBytes { hash($0) }
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9e37_79b9_7f4a_7c15
        var h = UInt64(truncatingIfNeeded: bytes.count) &* k
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            h = (h ^ word) &* k
            h ^= h >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        if offset < bytes.count {
            withUnsafeMutableBytes(of: &tail) {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            }
        }
        h = (h ^ tail) &* k
        // murmur3 fmix64
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
