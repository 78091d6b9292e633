import Foundation
import Protocol

/// The whole Caddy config for a set of routes: one host per tool, its published paths
/// longest first, and a 404 that names no tool for every other host or path.
public enum CaddyConfig {
    /// The body of a 404 for an address no tool publishes.
    public static let notFoundBody = "404 Not Found: no tool is published at this address.\n"

    /// Caddy's JSON config.
    public static func json(routes: [Wire.PublishedRoute], settings: RouterSettings, adminSocket: URL) -> [String: Any] {
        let byTool = Dictionary(grouping: routes, by: \.tool)
        var serverRoutes: [[String: Any]] = byTool.keys.sorted().map { tool in
            let published = byTool[tool, default: []].sorted { ($0.path.count, $0.path) > ($1.path.count, $1.path) }
            return [
                "match": [["host": ["\(tool).\(settings.baseDomain)"]]],
                "handle": [["handler": "subroute", "routes": published.map(pathRoute) + [notFound]]],
                "terminal": true,
            ]
        }
        serverRoutes.append(notFound)
        var server: [String: Any] = ["routes": serverRoutes]
        var logs: [String: Any] = ["default": ["level": "WARN", "exclude": ["http.log.access"]]]
        if settings.requestMetrics {
            // `logs` turns on the access log, which goes to the router's socket for /metrics.
            server["logs"] = [String: Any]()
            logs["access"] = accessLog(settings)
        }
        if settings.https {
            server["listen"] = [":443"]
        } else {
            server["listen"] = ["\(settings.listen)"]
            server["automatic_https"] = ["disable": true]
        }
        return [
            "admin": ["listen": "unix/\(adminSocket.path)", "origins": ["localhost"], "config": ["persist": false]],
            "logging": ["logs": logs],
            "storage": ["module": "file_system", "root": settings.directory.appendingPathComponent("data").path],
            "apps": ["http": ["servers": ["components": server]]],
        ]
    }

    /// The config as bytes, keys sorted, so equal routes give equal files.
    public static func data(routes: [Wire.PublishedRoute], settings: RouterSettings, adminSocket: URL) throws -> Data {
        try JSONSerialization.data(withJSONObject: json(routes: routes, settings: settings, adminSocket: adminSocket), options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The access log: to the router's socket, as JSON without the header maps (they are not
    /// counted, and may carry credentials).
    private static func accessLog(_ settings: RouterSettings) -> [String: Any] {
        [
            "include": ["http.log.access"],
            "writer": ["output": "net", "address": "unix/\(settings.accessLogSocket.path)"],
            "encoder": ["format": "filter", "wrap": ["format": "json"],
                        "fields": ["request>headers": ["filter": "delete"], "resp_headers": ["filter": "delete"]]],
        ]
    }

    private static var notFound: [String: Any] {
        ["handle": [["handler": "static_response", "status_code": 404, "body": notFoundBody,
                     "headers": ["Content-Type": ["text/plain; charset=utf-8"]]]]]
    }

    /// `/` matches everything; a longer prefix matches itself and what is under it.
    private static func pathRoute(_ route: Wire.PublishedRoute) -> [String: Any] {
        var proxy: [String: Any] = [
            "handler": "reverse_proxy",
            "upstreams": upstreams(route).map { ["dial": $0] },
            // A replica that refuses a connection is retried on another for a moment, so a
            // restart behind the route does not show as an error.
            "load_balancing": ["selection_policy": ["policy": "round_robin"], "try_duration": "2s", "try_interval": "100ms"],
            "health_checks": healthChecks(route),
        ]
        proxy["headers"] = ["request": ["set": ["X-Forwarded-Prefix": [route.path]]]]
        var entry: [String: Any] = ["handle": [proxy], "terminal": true]
        if route.path != "/" {
            entry["match"] = [["path": [route.path, route.path + "/*"]]]
        }
        return entry
    }

    /// `address:port` of each replica: its own address in a network namespace, else loopback.
    static func upstreams(_ route: Wire.PublishedRoute) -> [String] {
        route.ports.enumerated().map { index, port in
            let address = route.addresses.indices.contains(index) ? route.addresses[index] : "127.0.0.1"
            return "\(address):\(port)"
        }
    }

    /// Replicas that fail their HTTP check, or fail requests, leave the route until they recover.
    private static func healthChecks(_ route: Wire.PublishedRoute) -> [String: Any] {
        var checks: [String: Any] = ["passive": ["fail_duration": "5s", "max_fails": 3]]
        if !route.healthPath.isEmpty {
            checks["active"] = ["uri": route.healthPath, "interval": "2s", "timeout": "1s"]
        }
        return checks
    }
}
