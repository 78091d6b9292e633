import Foundation
import Protocol

/// The components published at their tools' addresses, as the router must route them now.
///
/// The backend publishes a component's new ports once its new instance is healthy and
/// withdraws them when it stops; every change makes a new generation. The router polls
/// ``snapshot(routerApplied:)`` and reports the generation it has in place, which lets a
/// rollout wait, with ``waitUntilRouted(_:timeout:)``, until no route leads to the old
/// instance before it is stopped.
public actor RouteTable {
    /// One published component.
    public struct Route: Sendable, Hashable {
        public var tool: String
        public var component: String
        /// `/` or a longer prefix.
        public var path: String
        /// The ports of its replicas.
        public var ports: [Int]
        /// The HTTP health-check path the router probes, nil for tcp and script checks.
        public var healthPath: String?
        /// Each replica's address, in the order of ``ports``, when the replicas run in network
        /// namespaces of their own; empty when they listen on the host's 127.0.0.1.
        public var addresses: [String]

        public init(tool: String, component: String, path: String, ports: [Int], healthPath: String?, addresses: [String] = []) {
            self.tool = tool
            self.component = component
            self.path = path
            self.ports = ports
            self.healthPath = healthPath
            self.addresses = addresses
        }
    }

    /// How a wait for the router ended.
    public enum RoutingWait: Sendable, Equatable {
        /// The router has the generation in place.
        case routed
        /// No router has asked for routes lately: nothing to wait for.
        case noRouter
        /// A router is there but did not confirm in time.
        case timedOut
    }

    private struct Key: Hashable {
        var tool: String
        var component: String
    }

    private var routes: [Key: Route] = [:]
    /// Grows with every change. It starts at the clock in milliseconds, so the generations of
    /// a restarted executor are newer than any a router applied before.
    public private(set) var generation = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    /// The newest generation a router reported in place.
    public private(set) var appliedGeneration: UInt64 = 0
    private var lastRouterPoll: ContinuousClock.Instant?
    /// A router that has not polled for this long counts as absent.
    private let routerSilence: Duration

    /// Creates an empty table; a router silent for `routerSilence` is not waited for.
    public init(routerSilence: Duration = .seconds(3)) {
        self.routerSilence = routerSilence
    }

    /// Routes `route`'s path of its tool to its ports; answers the generation that has it.
    @discardableResult
    public func publish(_ route: Route) -> UInt64 {
        let key = Key(tool: route.tool, component: route.component)
        if routes[key] != route {
            routes[key] = route
            generation += 1
        }
        return generation
    }

    /// Removes the route of a component, if it had one; answers the generation without it.
    @discardableResult
    public func withdraw(tool: String, component: String) -> UInt64 {
        if routes.removeValue(forKey: Key(tool: tool, component: component)) != nil {
            generation += 1
        }
        return generation
    }

    /// Every route, sorted by tool, then longest path first; records what the router applied.
    public func snapshot(routerApplied applied: UInt64) -> (generation: UInt64, routes: [Route]) {
        lastRouterPoll = .now
        appliedGeneration = min(generation, max(appliedGeneration, applied))
        let sorted = routes.values.sorted { ($0.tool, -$0.path.count, $0.path) < ($1.tool, -$1.path.count, $1.path) }
        return (generation, sorted)
    }

    /// Waits until a router has `generation` (or a newer one) in place.
    public func waitUntilRouted(_ generation: UInt64, timeout: Duration) async -> RoutingWait {
        let deadline = ContinuousClock.now + timeout
        while appliedGeneration < generation {
            guard let lastRouterPoll, ContinuousClock.now - lastRouterPoll < routerSilence else { return .noRouter }
            guard ContinuousClock.now < deadline else { return .timedOut }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return .routed
    }

    /// The `routes.v1` methods, served beside the executor's.
    public nonisolated func register(on router: inout RPCRouter) {
        router.register(RoutesMethod.getRoutes) { request, _ in
            let (generation, routes) = await self.snapshot(routerApplied: request.appliedGeneration)
            return Wire.GetRoutesResponse(generation: generation, routes: routes.map { route in
                Wire.PublishedRoute(tool: route.tool, component: route.component, path: route.path,
                                    ports: route.ports.map { UInt32(clamping: $0) }, healthPath: route.healthPath ?? "",
                                    addresses: route.addresses)
            })
        }
    }
}
