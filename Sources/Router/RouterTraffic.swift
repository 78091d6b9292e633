import Protocol
import Synchronization

/// The router's traffic per tool and component, counted from Caddy's access log into the
/// router's metrics: `components_router_requests_total{tool,component,class}` and
/// `components_router_request_duration_seconds{tool,component}`.
///
/// A request is attributed the way Caddy routed it: the tool by its host under the base
/// domain, the component by the longest published path prefix on a segment boundary. Hosts
/// and paths no route has count under empty labels, so made-up Host headers cannot grow the
/// label set.
public final class RouterTraffic: Sendable {
    public let metrics: ServiceMetrics
    private let hostSuffix: String
    /// Published paths by tool, longest first.
    private let routes = Mutex<[String: [(path: String, component: String)]]>([:])

    static let durationBuckets: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init(baseDomain: String, metrics: ServiceMetrics = ServiceMetrics(service: "router")) {
        hostSuffix = "." + baseDomain.lowercased()
        self.metrics = metrics
    }

    /// The routes requests are attributed by from now on.
    public func update(_ published: [Wire.PublishedRoute]) {
        let byTool = Dictionary(grouping: published, by: \.tool).mapValues { routes in
            routes.map { (path: $0.path, component: $0.component) }.sorted { $0.path.count > $1.path.count }
        }
        routes.withLock { $0 = byTool }
    }

    /// Counts requests: each metric is looked up once per tool, component (and class) in
    /// `entries`, as a busy router hands over many lines at once.
    public func record(_ entries: [AccessLogEntry]) {
        struct Target: Hashable { var tool: String; var component: String }
        struct Counted: Hashable { var target: Target; var statusClass: Int }
        let published = routes.withLock { $0 }
        var counts: [Counted: Int] = [:]
        var durations: [Target: [Double]] = [:]
        for entry in entries {
            let (tool, component) = Self.attribution(host: entry.host, path: entry.path, hostSuffix: hostSuffix, routes: published)
            let target = Target(tool: tool, component: component)
            counts[Counted(target: target, statusClass: min(max(entry.status / 100, 0), 9)), default: 0] += 1
            durations[target, default: []].append(entry.duration)
        }
        for (counted, count) in counts {
            metrics.increment("requests", by: count,
                              help: "Requests the router answered, by tool, component and status class (class 0xx: no status, such as a client that went away).",
                              labels: [("tool", counted.target.tool), ("component", counted.target.component), ("class", "\(counted.statusClass)xx")])
        }
        for (target, values) in durations {
            metrics.observe("request_duration", unit: "seconds", values: values,
                            help: "Time the router took to answer, upstream included, by tool and component.", buckets: Self.durationBuckets,
                            labels: [("tool", target.tool), ("component", target.component)])
        }
    }

    /// The tool and component a request to `host` and `path` went to; empty strings for none.
    func attribution(host: String, path: String) -> (tool: String, component: String) {
        Self.attribution(host: host, path: path, hostSuffix: hostSuffix, routes: routes.withLock { $0 })
    }

    private static func attribution(host: String, path: String, hostSuffix: String,
                                    routes: [String: [(path: String, component: String)]]) -> (tool: String, component: String) {
        guard host.hasSuffix(hostSuffix) else { return ("", "") }
        guard let published = routes[String(host.dropLast(hostSuffix.count))] else { return ("", "") }
        for route in published where route.path == "/" || path == route.path || path.hasPrefix(route.path + "/") {
            return (String(host.dropLast(hostSuffix.count)), route.component)
        }
        return ("", "")
    }
}
