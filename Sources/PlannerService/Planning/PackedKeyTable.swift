/// Maps 128-bit keys to dense ids `0..<count` in an open-addressing table.
///
/// Build keys, source refs and build settings are tuples of interned ids; packing them in
/// two words and hashing with a multiply-shift mix avoids `Hasher`'s per-call seeding and
/// finalisation, which dominated the build decisions at 10,000 components.
struct PackedKeyTable {
    private var slots: [Int32]
    private(set) var keys: [(UInt64, UInt64)] = []
    private var mask: Int

    init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        keys.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    /// The id of the key, adding it if new.
    @inline(__always)
    mutating func intern(_ high: UInt64, _ low: UInt64) -> (id: Int, inserted: Bool) {
        var slot = Self.slot(high, low, mask)
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if keys[id].0 == high && keys[id].1 == low { return (id, false) }
            slot = (slot &+ 1) & mask
        }
        let id = keys.count
        slots[slot] = Int32(truncatingIfNeeded: id)
        keys.append((high, low))
        if keys.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// The id of the key, if present.
    @inline(__always)
    func id(_ high: UInt64, _ low: UInt64) -> Int? {
        var slot = Self.slot(high, low, mask)
        while true {
            let id = Int(slots[slot])
            if id < 0 { return nil }
            if keys[id].0 == high && keys[id].1 == low { return id }
            slot = (slot &+ 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, key) in keys.enumerated() {
            var slot = Self.slot(key.0, key.1, mask)
            while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: id)
        }
    }

    @inline(__always)
    private static func slot(_ high: UInt64, _ low: UInt64, _ mask: Int) -> Int {
        var h = (high &* 0x9e37_79b9_7f4a_7c15) ^ (low &* 0xc2b2_ae3d_27d4_eb4f)
        h ^= h >> 32
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }
}

/// Packs two 32-bit ids (which may be negative markers) in one word.
@inline(__always)
func pack(_ a: Int32, _ b: Int32) -> UInt64 {
    UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
}
