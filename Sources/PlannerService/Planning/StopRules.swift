/// Stops of components that left the config: each stops before the components it waited for
/// (from the wait-for edges recorded in its state), so nothing loses what it depends on while
/// it still runs.
struct StopDecisions {
    /// Names that can stop in parallel, level after level, each sorted.
    let levels: [[String]]
    /// Removed component → the removed components that waited for it, sorted: they stop first.
    let stopFirst: [String: [String]]

    init(removed: [ComponentState]) throws(PlannerError) {
        let names = removed.map(\.component)
        let isRemoved = Set(names)
        var stopFirst: [String: [String]] = [:]
        for record in removed {
            for target in Set(record.waitFor) where isRemoved.contains(target) {
                stopFirst[target, default: []].append(record.component)
            }
        }
        for name in stopFirst.keys { stopFirst[name]?.sort() }

        switch DependencyOrder(nodes: names, dependencies: stopFirst) {
        case let .generations(levels):
            self.levels = levels
        case let .cycle(cycle):
            // The order follows "stops after"; show the cycle as configured, as "waits for".
            let waits = Array(cycle.reversed())
            throw PlannerError(code: .cycle,
                               message: "wait-for cycle among removed components in the current state: \(waits.joined(separator: " → ")). Stop them by hand or fix the recorded state.",
                               cycle: waits)
        }
        self.stopFirst = stopFirst
    }
}
