import ComponentsModel
import Foundation
import Protocol

/// What the router serves and where.
public struct RouterSettings: Sendable {
    /// The public listener, `127.0.0.1:8080` by default. With ``https`` it is ignored: Caddy
    /// listens on :443, and on :80 for redirects and ACME challenges.
    public var listen: ServiceAddress
    /// Tools answer at `<tool>.<baseDomain>`; `localhost` works on this machine with no DNS.
    public var baseDomain: String
    /// Caddy's automatic HTTPS for `*.<baseDomain>` (real domains only).
    public var https: Bool
    /// Where the Caddy config, its admin socket and its data live (only the router's user
    /// can reach them: the admin API rewrites every route).
    public var directory: URL
    /// The Caddy executable, a path or a name on `PATH`.
    public var caddy: String
    /// How often the router asks the executor for routes.
    public var pollInterval: Duration
    /// Whether Caddy logs every request for the per-tool request metrics on `/metrics`. Off,
    /// Caddy writes no access log: each request costs less CPU, and `/metrics` has no
    /// request figures.
    public var requestMetrics: Bool

    public init(listen: ServiceAddress = ServiceAddress(host: "127.0.0.1", port: 8080), baseDomain: String = "localhost", https: Bool = false,
                directory: URL, caddy: String = "caddy", pollInterval: Duration = .milliseconds(100), requestMetrics: Bool = true) {
        self.listen = listen
        self.baseDomain = baseDomain
        self.https = https
        self.directory = directory
        self.caddy = caddy
        self.pollInterval = pollInterval
        self.requestMetrics = requestMetrics
    }

    /// Caddy's admin API: Unix sockets in ``directory``, never a TCP port a tool could reach.
    /// Each config names the other socket than the one it is pushed to: Caddy 2.6 unlinks the
    /// old socket after binding the new one, so a config that keeps the same path would leave
    /// the admin API unreachable after the first push (caddyserver/caddy#5568, fixed in 2.7).
    public var adminSockets: [URL] { ["admin-a.sock", "admin-b.sock"].map { directory.appendingPathComponent($0) } }
    /// Where Caddy writes its access log, which the router counts for /metrics.
    public var accessLogSocket: URL { directory.appendingPathComponent("access.sock") }
    /// The config Caddy starts with, always the newest one pushed.
    public var configFile: URL { directory.appendingPathComponent("caddy.json") }

    /// Where tools answer behind this router.
    public var toolAddress: ToolAddress { ToolAddress(baseDomain: baseDomain, port: listen.port, https: https) }
}
