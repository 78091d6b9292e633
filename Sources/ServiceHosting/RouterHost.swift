import ArgumentParser
import Foundation
import LocalBackend
import Logging
import Protocol
import Router

/// Options of the router.
public struct RouterOptions: ParsableArguments, Sendable {
    @Option(help: "Public listen address of the router (port 0 picks a free port).")
    public var routerListen = ServiceAddress(host: "127.0.0.1", port: 8080)
    @Option(help: "Tools answer at http://TOOL.BASE-DOMAIN:PORT/; `localhost` needs no DNS on this machine.")
    public var baseDomain = "localhost"
    @Flag(help: "Caddy's automatic HTTPS for *.BASE-DOMAIN, listening on :443 and :80 (a real, public domain only).")
    public var https = false
    @Option(help: "The Caddy executable (Debian: caddy).") public var caddy = "caddy"
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Count requests, status classes and latency per tool and component on /metrics.",
        discussion: "Caddy then logs every request to the router, which costs CPU on each request; --no-request-metrics trades those figures for latency."))
    public var requestMetrics = true

    public init() {}

    public func validate() throws {
        for label in baseDomain.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), label.allSatisfy(\.isASCII) else {
                throw ValidationError("--base-domain \(baseDomain) is not a domain name such as example.org")
            }
        }
        if https && baseDomain == "localhost" {
            throw ValidationError("--https needs --base-domain with a public domain that points at this machine")
        }
    }

    /// The settings these options give, with a free port chosen for port 0.
    func settings(directory: URL) throws -> RouterSettings {
        var listen = routerListen
        if listen.port == 0 { listen.port = try LoopbackPort.free() }
        return RouterSettings(listen: listen, baseDomain: baseDomain, https: https, directory: directory, caddy: caddy,
                              requestMetrics: requestMetrics)
    }
}

/// Starts the router: Caddy at the public address, following the executor's routes, and an
/// RPC server at `rpc` that answers the router's metrics (requests per tool and component)
/// for the gateway's `/metrics`.
public enum RouterHost {
    public static func start(_ router: RouterOptions, rpc: ServiceAddress, executor: ServiceAddress, options: ServiceOptions,
                             logger: Logger) async throws -> (service: RouterService, server: RPCServer) {
        let settings = try router.settings(directory: try options.makeStateDirectory("router"))
        let client = RPCClient(configuration: .init(address: executor, serviceName: "executor", serviceToken: try options.serviceToken()), logger: logger)
        guard isExecutable(router.caddy) else {
            throw ValidationError("cannot find the Caddy executable \(router.caddy): install Caddy (Debian: apt-get install caddy), pass --caddy PATH, or run without a router (--no-router)")
        }
        let service = RouterService(settings: settings, executor: client, logger: logger)
        try await service.start()
        let server = try await RPCServer.start(configuration: options.serverConfiguration(rpc, "router", metrics: service.traffic.metrics),
                                               router: RPCRouter(), logger: logger)
        announce("router", settings.listen)
        announce("router-rpc", server.localAddress)
        return (service, server)
    }

    /// Whether `program` (a path, or a name on `PATH`) can be run.
    static func isExecutable(_ program: String) -> Bool {
        if program.contains("/") { return access(program, X_OK) == 0 }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }
}
