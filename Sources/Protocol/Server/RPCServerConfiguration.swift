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

    /// Whether the host is a loopback address, where a service may run without a token.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
