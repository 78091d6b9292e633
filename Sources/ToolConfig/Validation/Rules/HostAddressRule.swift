#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which hosts are private: loopback, private and link-local ranges, unique-local IPv6 and
/// the like, which a repository URL must not reach unless the operator allows it (a config
/// pointing git at `169.254.169.254` or `localhost:6379` would make the executor a proxy
/// into its own network).
///
/// Validation applies it to the host as written (IP literals in every form git and curl
/// accept, and `localhost`); the executor applies it again to every address a name resolves
/// to, because DNS can point a public-looking name anywhere.
public enum HostAddressRule {
    /// What kind of non-public host `host` (as written in a URL, brackets removed) obviously
    /// is, such as "loopback" or "private", or nil when only DNS could tell.
    public static func nonPublicKind(ofHost host: String) -> String? {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return "loopback" }
        if let v4 = parseIPv4(name) { return nonPublicKind(ofIPv4: v4) }
        if let v6 = parseIPv6(name) { return nonPublicKind(ofIPv6: v6) }
        return nil
    }

    /// Parses an IPv4 address the way `inet_aton` (and so git and curl) read one: one to four
    /// parts, each decimal, `0x` hex or `0` octal, the last one filling the remaining bytes,
    /// so `2130706433`, `0x7f.1` and `0177.0.0.1` are all 127.0.0.1.
    public static func parseIPv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = parseIPv4Part(part) else { return nil }
            values.append(value)
        }
        var address: UInt64 = 0
        for (index, value) in values.dropLast().enumerated() {
            guard value <= 0xFF else { return nil }
            address |= value << (8 * UInt64(3 - index))
        }
        let remainingBits = UInt64(8 * (5 - values.count))
        guard let last = values.last, last < (1 << remainingBits) else { return nil }
        return UInt32(address | last)
    }

    /// Parses an IPv6 address in its text form (no brackets, no zone) into its 16 bytes.
    public static func parseIPv6(_ text: String) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var storage = in6_addr()
        guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
        return withUnsafeBytes(of: &storage) { Array($0) }
    }

    /// The kind of non-public IPv4 address, or nil for a public one. `address` is in host
    /// order (127.0.0.1 is 0x7F000001).
    public static func nonPublicKind(ofIPv4 address: UInt32) -> String? {
        func inRange(_ base: UInt32, _ prefix: UInt32) -> Bool {
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return address & mask == base & mask
        }
        switch address {
        case _ where inRange(0x7F00_0000, 8): return "loopback"
        case _ where inRange(0x0000_0000, 8): return "unspecified"
        case _ where inRange(0x0A00_0000, 8), _ where inRange(0xAC10_0000, 12), _ where inRange(0xC0A8_0000, 16):
            return "private"
        case _ where inRange(0xA9FE_0000, 16): return "link-local"
        case _ where inRange(0x6440_0000, 10): return "shared (carrier-grade NAT)"
        case _ where inRange(0xC000_0000, 24), _ where inRange(0xC612_0000, 15): return "reserved"
        case _ where inRange(0xE000_0000, 4): return "multicast"
        case _ where inRange(0xF000_0000, 4): return "reserved"
        default: return nil
        }
    }

    /// The kind of non-public IPv6 address, or nil for a public one. IPv4-mapped, -compatible
    /// and NAT64 addresses are judged by the IPv4 address inside.
    public static func nonPublicKind(ofIPv6 bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return "unspecified" }
        let embedded = UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15])
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return bytes[15] == 1 ? "loopback" : "unspecified" }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return nonPublicKind(ofIPv4: embedded)
        }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return nonPublicKind(ofIPv4: embedded) ?? "reserved" }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return nonPublicKind(ofIPv4: embedded) }
        if bytes[0] & 0xFE == 0xFC { return "unique-local" }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return "link-local" }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return "site-local" }
        if bytes[0] == 0xFF { return "multicast" }
        return nil
    }

    private static func parseIPv4Part(_ part: Substring) -> UInt64? {
        guard !part.isEmpty, part.count <= 12 else { return nil }
        let lower = part.lowercased()
        if lower.hasPrefix("0x") {
            let digits = lower.dropFirst(2)
            guard digits.allSatisfy(\.isHexDigit) else { return nil }
            return digits.isEmpty ? 0 : UInt64(digits, radix: 16)
        }
        guard lower.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if lower.count > 1 && lower.hasPrefix("0") { return UInt64(lower.dropFirst(), radix: 8) }
        return UInt64(lower)
    }
}
