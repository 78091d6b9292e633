import Dispatch
import ToolConfig
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses a repository whose host resolves to a loopback, private, link-local or other
/// non-public address, before git contacts it: validation only sees the name, and DNS can
/// point a public-looking name anywhere.
///
/// git resolves the name again when it connects, so a name whose answer changes between the
/// two lookups (DNS rebinding with a short TTL) can still reach a private address in that
/// window; git offers no way to pin the address we checked (curl's `--resolve` is not
/// exposed as a git setting). What is cheap is done: redirects are not followed (a redirect
/// would skip this check entirely), and connection errors are redacted, so the window gives
/// a blind request at best. Operators who need more put the executor behind an egress
/// firewall.
enum RepositoryHostCheck {
    /// Throws `.invalidRepository` when `repository`'s host (an http, https or git URL) does
    /// not resolve, or resolves to any non-public address. Other URLs pass.
    static func check(_ repository: String) async throws(LocalBackendError) {
        guard let host = RepositoryURLRule.host(of: repository) else { return }
        if let kind = HostAddressRule.nonPublicKind(ofHost: host) {
            throw refusal(repository, "is a \(kind) address")
        }
        let answer = await resolve(host)
        switch answer {
        case .failure(let failure):
            throw LocalBackendError(code: .invalidRepository,
                message: "cannot resolve the host of repository \(repository) (\(failure.reason)); check the host name")
        case .success(let addresses):
            for address in addresses {
                if let kind = address.nonPublicKind {
                    throw refusal(repository, "resolves to a \(kind) address")
                }
            }
        }
    }

    private static func refusal(_ repository: String, _ why: String) -> LocalBackendError {
        LocalBackendError(code: .invalidRepository,
            message: "the host of repository \(repository) \(why), which could reach services that are not meant to be public; use a public host, or start the executor with --allow-private-repositories")
    }

    /// Why a name did not resolve, in `gai_strerror`'s words.
    struct ResolutionFailure: Error, Sendable {
        var reason: String
    }

    /// An address `getaddrinfo` answered.
    enum ResolvedAddress: Sendable, Equatable {
        case v4(UInt32)
        case v6([UInt8])

        var nonPublicKind: String? {
            switch self {
            case .v4(let address): HostAddressRule.nonPublicKind(ofIPv4: address)
            case .v6(let bytes): HostAddressRule.nonPublicKind(ofIPv6: bytes)
            }
        }
    }

    /// Every address `host` resolves to (IPv4 and IPv6), the way git's connection would
    /// look it up. `getaddrinfo` blocks, so it runs on a Dispatch worker rather than a thread
    /// of the cooperative pool.
    static func resolve(_ host: String) async -> Result<[ResolvedAddress], ResolutionFailure> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: resolveBlocking(host)) }
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
