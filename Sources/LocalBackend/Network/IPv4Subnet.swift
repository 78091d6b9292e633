import ExecutorService
import Foundation

/// An IPv4 network in CIDR form (`10.250.0.0/16`): the operator's range for tool networks,
/// and each tool's /24 slice of it.
public struct IPv4Subnet: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// The network address, host bits zero.
    public let base: UInt32
    /// The prefix length, 8 to 30.
    public let prefixLength: Int

    /// The default range of `--network-range`: private, and used by neither Docker's nor
    /// libvirt's defaults.
    public static let defaultRange = IPv4Subnet(base: 0x0AFA_0000, prefixLength: 16)
    /// Each tool gets a /24 of the range: 253 addresses for its runs, `.1` being the host's.
    public static let toolPrefixLength = 24

    init(base: UInt32, prefixLength: Int) {
        self.prefixLength = prefixLength
        self.base = base & Self.mask(prefixLength)
    }

    /// Parses `A.B.C.D/N` with N from 8 to 24; nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), (8...Self.toolPrefixLength).contains(length),
              let address = Self.parse(String(parts[0])) else { return nil }
        self.init(base: address, prefixLength: length)
    }

    /// `10.250.0.0/16`.
    public var description: String { "\(Self.format(base))/\(prefixLength)" }

    /// How many tool subnets fit in this range.
    var toolSubnetCount: Int { 1 << (Self.toolPrefixLength - prefixLength) }

    /// The `index`th /24 of this range.
    func toolSubnet(_ index: Int) -> IPv4Subnet {
        IPv4Subnet(base: base + UInt32(index) << 8, prefixLength: Self.toolPrefixLength)
    }

    /// The address of host `number` in this subnet (`.1` is the host's side of a tool bridge).
    func address(_ number: Int) -> String { Self.format(base + UInt32(number)) }

    /// The host number of `address` in this subnet, nil when it is not in it.
    func hostNumber(of address: String) -> Int? {
        guard let value = Self.parse(address), value & Self.mask(prefixLength) == base else { return nil }
        return Int(value - base)
    }

    /// The usable host numbers for runs: `.2` up to the one before broadcast.
    var runHostNumbers: ClosedRange<Int> { 2...((1 << (32 - prefixLength)) - 2) }

    private static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << (32 - length) }

    static func parse(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard octet.count <= 3, octet.allSatisfy(\.isASCII), let number = UInt32(octet), number <= 255 else { return nil }
            value = value << 8 | number
        }
        return value
    }

    static func format(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
    }
}
