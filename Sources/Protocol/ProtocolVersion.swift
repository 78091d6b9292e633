/// The protocol version spoken in `Hello`; peers with another version are refused.
public enum ProtocolVersion {
    /// This build's version.
    public static let current: UInt32 = 1
}

/// Compares two secrets in time that depends only on their lengths, not their contents.
public func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
    for index in 0..<max(x.count, y.count) {
        let p = index < x.count ? x[index] : 0
        let q = index < y.count ? y[index] : 0
        difference |= p ^ q
    }
    return difference == 0 && x.count == y.count
}
