/// The protocol version spoken in `Hello`; peers with another version are refused.
public enum ProtocolVersion {
    /// This build's version.
    public static let current: UInt32 = 1
    /// The method name of the handshake call.
    public static let helloMethod = "components.v1.Hello"
    /// Answered by every server itself (a `Hello` in, a `HelloResponse` out) so a caller
    /// can check a service is up and is the service it expects.
    public static let healthMethod = "components.v1.Health"
    /// Answered by every server itself with its metrics (Prometheus text).
    public static let metricsMethod = "components.v1.Metrics"
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
