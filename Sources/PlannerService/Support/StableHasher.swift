/// FNV-1a 64-bit: a small non-cryptographic hash whose value never changes between runs,
/// machines or Swift versions (unlike `Hasher`), so hashes can be stored and compared later.
public struct StableHasher: Sendable {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of everything combined so far.
    public private(set) var value: UInt64 = StableHasher.offsetBasis

    /// Creates a hasher in its initial state.
    public init() {}

    /// Adds bytes.
    public mutating func combine(bytes: some Sequence<UInt8>) {
        var h = value
        for byte in bytes {
            h ^= UInt64(byte)
            h &*= Self.prime
        }
        value = h
    }

    /// Adds a string's UTF-8 bytes.
    public mutating func combine(_ string: String) {
        combine(bytes: string.utf8)
    }

    /// Adds a named optional field; names and values are length-prefixed so that `nil`,
    /// `""` and neighbouring fields cannot run into each other.
    public mutating func combine(field name: String, _ value: String?) {
        combine(lengthPrefixed: name)
        if let value {
            combine(bytes: CollectionOfOne(1))
            combine(lengthPrefixed: value)
        } else {
            combine(bytes: CollectionOfOne(0))
        }
    }

    private mutating func combine(lengthPrefixed value: String) {
        let count = UInt64(value.utf8.count)
        combine(bytes: (0..<8).map { UInt8(truncatingIfNeeded: count >> ($0 * 8)) })
        combine(value)
    }

    /// The hash as `fnv1a64:` and 16 lowercase hex digits.
    public var hexDigest: String {
        let hex = String(value, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The FNV-1a 64 hash of `bytes` alone.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(bytes: bytes)
        return hasher.value
    }
}
