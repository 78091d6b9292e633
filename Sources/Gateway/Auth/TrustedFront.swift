import Foundation
import NIOCore

/// A front that has authenticated the caller already, as Toolforge's API gateway does: nginx
/// checks the client certificate and forwards the tool's name in a header. The header is
/// believed only from the front's own addresses; from anyone else it is refused, since it
/// would let any client name any tool.
public struct TrustedFront: Sendable, Hashable {
    /// The front's addresses.
    public var networks: [IPNetwork]
    /// The header naming the tool, such as `x-toolforge-tool`.
    public var header: String

    public init(networks: [IPNetwork], header: String) {
        self.networks = networks
        self.header = header.lowercased()
    }

    /// Whether a request from `peer` comes through the front.
    public func trusts(_ peer: SocketAddress?) -> Bool {
        guard let peer, let bytes = IPNetwork.bytes(of: peer) else { return false }
        return networks.contains { $0.contains(bytes) }
    }
}

/// An IPv4 or IPv6 network, `10.0.0.0/8` or `::1/128`; a bare address is its own /32 or /128.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    let address: [UInt8]
    let prefixLength: Int

    /// Parses `ADDRESS[/PREFIX]`; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.parse(String(parts[0])) else { return nil }
        let maximum = address.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.address = address
    }

    public var description: String {
        "\(address.count == 4 ? address.map(String.init).joined(separator: ".") : address.map { String($0, radix: 16) }.joined(separator: ":"))/\(prefixLength)"
    }

    /// Whether the address `bytes` (4 or 16 of them) is in this network.
    func contains(_ bytes: [UInt8]) -> Bool {
        var candidate = bytes
        // An IPv4 peer on an IPv6 socket arrives as ::ffff:a.b.c.d.
        if address.count == 4, candidate.count == 16, candidate[0..<10].allSatisfy({ $0 == 0 }), candidate[10] == 0xFF, candidate[11] == 0xFF {
            candidate = Array(candidate[12...])
        }
        guard candidate.count == address.count else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(address, candidate) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            guard mine & mask == theirs & mask else { return false }
            remaining -= bits
        }
        return true
    }

    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func bytes(of peer: SocketAddress) -> [UInt8]? {
        switch peer {
        case .v4(let address): withUnsafeBytes(of: address.address.sin_addr) { Array($0) }
        case .v6(let address): withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
        case .unixDomainSocket: nil
        }
    }
}
