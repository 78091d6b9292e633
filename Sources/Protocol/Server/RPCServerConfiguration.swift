/// How an RPC server listens and whom it admits.
public struct RPCServerConfiguration: Sendable {
    /// The address to bind; port 0 picks a free port.
    public var address: ServiceAddress
    /// The service name announced and checked in `Hello` (`config`, `planner`, `executor`).
    public var serviceName: String
    /// The shared service token every client must present, on loopback too: tools' code runs
    /// on the same machine, so a loopback peer proves nothing.
    public var serviceToken: String
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
        serviceToken: String,
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

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
