#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an RPC server listens and whom it admits.
public struct RPCServerConfiguration: Sendable {
    /// The address to bind; port 0 picks a free port.
    public var address: ServiceAddress
    /// The service name announced and checked in `Hello` (`config`, `planner`, `executor`).
    public var serviceName: String
    /// The shared service token a client must present; required beyond loopback.
    public var serviceToken: String?
    /// Frames above this size close the connection with `RESOURCE_EXHAUSTED`.
    public var maximumFrameSize: Int
    /// Calls one connection may have in flight; more answer `RESOURCE_EXHAUSTED`.
    public var maximumCallsInFlight: Int
    /// Where calls are counted; `components.v1.Metrics` answers its text.
    public var metrics: ServiceMetrics?
    /// Connections open at once; more are closed as they come.
    public var maximumConnections: Int = 1_024
    /// How long a new connection may take to say `Hello`; then it is closed.
    public var helloTimeout: Duration = .seconds(10)
    /// The frame limit before `Hello`: with ``maximumConnections``, it bounds what peers that
    /// have not identified themselves can make the server buffer (1,024 × 64 KiB = 64 MiB).
    public var helloFrameSize: Int = 64 * 1024

    /// Creates a configuration.
    public init(
        address: ServiceAddress,
        serviceName: String,
        serviceToken: String? = nil,
        maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize,
        maximumCallsInFlight: Int = 4096,
        metrics: ServiceMetrics? = nil
    ) {
        self.metrics = metrics
        self.address = address
        self.serviceName = serviceName
        self.serviceToken = serviceToken
        self.maximumFrameSize = maximumFrameSize
        self.maximumCallsInFlight = maximumCallsInFlight
    }
}

/// A `HOST:PORT` pair as given to `--listen` and `--config-service`.
public struct ServiceAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (`[::1]:7401` for IPv6); nil when it is not one.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    /// Whether the host is a loopback address, where a service may run without a token: an
    /// IPv4 address in 127.0.0.0/8, `::1` or `localhost`, parsed as an address, so a name such
    /// as `127.evil.example` is not one.
    public var isLoopback: Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
        }
        return false
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
