/// A small, fast, seedable generator so a failing property test can be replayed from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random string of up to 24 scalars from ASCII, Latin, CJK and emoji ranges; never NUL,
/// because protobuf-c hands strings to C as NUL-terminated.
public func randomString<R: RandomNumberGenerator>(using rng: inout R) -> String {
    let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x01...0x1F, 0xA0...0x24F, 0x4E00...0x4FFF, 0x1F600...0x1F64F]
    var scalars = String.UnicodeScalarView()
    for _ in 0..<Int.random(in: 0...24, using: &rng) {
        let range = ranges[Int.random(in: 0..<ranges.count, using: &rng)]
        if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &rng)) {
            scalars.append(scalar)
        }
    }
    return String(scalars)
}

/// Random bytes, NUL included, up to 64 of them.
public func randomBytes<R: RandomNumberGenerator>(using rng: inout R) -> [UInt8] {
    (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
}
