import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Name resolution for the host policy: repositories (before git) and `source_url` (before
/// libcurl) are refused when their host resolves to any address that is not public.
public enum HostResolver {
    /// Why a name did not resolve, in `gai_strerror`'s words.
    public struct ResolutionFailure: Error, Sendable {
        /// `gai_strerror`'s words.
        public var reason: String
    }

    /// An address `getaddrinfo` answered.
    public enum ResolvedAddress: Sendable, Equatable {
        case v4(UInt32)
        case v6([UInt8])

        /// "loopback", "private" and the like when the address is not public, else nil.
        public var nonPublicKind: String? {
            switch self {
            case .v4(let address): HostAddressRule.nonPublicKind(ofIPv4: address)
            case .v6(let bytes): HostAddressRule.nonPublicKind(ofIPv6: bytes)
            }
        }

        /// The address as libcurl's `CURLOPT_RESOLVE` takes it: dotted IPv4, bracketed IPv6.
        public var pinText: String {
            switch self {
            case .v4(let address):
                return [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
            case .v6(let bytes):
                let groups = stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                return "[" + groups.joined(separator: ":") + "]"
            }
        }
    }

    /// Every address `host` resolves to (IPv4 and IPv6), the way git's or libcurl's
    /// connection would look it up. `getaddrinfo` blocks, so it runs on a Dispatch worker rather than a thread
    /// of the cooperative pool.
    public static func resolve(_ host: String) async -> Result<[ResolvedAddress], ResolutionFailure> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: resolveBlocking(host)) }
        }
    }

    /// Like ``resolve(_:)``, but answers a failure once `limit` has passed without an answer
    /// (`getaddrinfo` cannot be interrupted; its late answer is dropped).
    public static func resolve(_ host: String, within limit: Duration) async -> Result<[ResolvedAddress], ResolutionFailure> {
        let first = FirstAnswer()
        return await withCheckedContinuation { continuation in
            let answer: @Sendable (Result<[ResolvedAddress], ResolutionFailure>) -> Void = { result in
                if first.claim() { continuation.resume(returning: result) }
            }
            DispatchQueue.global().async { answer(resolveBlocking(host)) }
            let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds))) {
                answer(.failure(ResolutionFailure(reason: "no answer within the time limit")))
            }
        }
    }

    /// Lets exactly one of two racing answers through.
    private final class FirstAnswer: @unchecked Sendable {
        private let lock = NSLock()
        private var claimed = false

        /// True for the first caller only.
        func claim() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard !claimed else { return false }
            claimed = true
            return true
        }
    }

    private static func resolveBlocking(_ host: String) -> Result<[ResolvedAddress], ResolutionFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { return .failure(ResolutionFailure(reason: String(cString: gai_strerror(status)))) }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var entry = list
        while let current = entry {
            if let socketAddress = current.pointee.ai_addr {
                switch Int32(current.pointee.ai_family) {
                case AF_INET:
                    let address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    addresses.append(.v4(UInt32(bigEndian: address)))
                case AF_INET6:
                    var address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses.append(.v6(withUnsafeBytes(of: &address) { Array($0) }))
                default:
                    break
                }
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(ResolutionFailure(reason: "no address")) : .success(addresses)
    }
}
