extension Sequence where Element == UInt8 {
    /// The bytes as lowercase hex, two digits each: how digests (config hashes, fetched
    /// documents, webhook signatures) are written.
    public var lowercaseHex: String {
        map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
