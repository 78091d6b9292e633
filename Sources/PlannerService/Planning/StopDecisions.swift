/// Stops of components that left the config, ordered so that a component stops before the
/// components it waited for (from the wait-for edges recorded in its state).
struct StopDecisions {
    /// Names of the removed components, sorted.
    let names: [String]
    /// Removed component `r` stops after `stopFirst.edges(of: r)`: those that waited for it.
    let stopFirst: AdjacencyList
    /// Indices into `names` that can stop in parallel, level after level, each sorted.
    let levels: [[Int]]

    init(_ index: ComponentIndex) throws(PlannerError) {
        let records = index.removed.map { index.current[$0] }
        let m = records.count
        var position = StringTable(capacity: m)
        for record in records { position.intern(record.component) }
        // waitedFor: r → the removed components r waited for; stopFirst is its reverse.
        var waitedFor = AdjacencyList(reservingNodes: m, edges: m)
        for record in records {
            for name in record.waitFor {
                if let r = position.id(of: name) { waitedFor.appendEdge(r) }
            }
            waitedFor.closeNode()
        }
        let stopFirst = waitedFor.reversed()
        let names = records.map(\.component)

        switch stopFirst.topologicalOrder() {
        case let .ordered(order):
            var level = [Int](repeating: 0, count: m)
            var count = 0
            for r in order {
                var l = 0
                for k in stopFirst.edges(of: r) { l = max(l, level[stopFirst.target(k)] + 1) }
                level[r] = l
                count = max(count, l + 1)
            }
            var levels = [[Int]](repeating: [], count: count)
            for r in 0 ..< m { levels[level[r]].append(r) }
            self.levels = levels
        case let .cycle(cycle):
            // stopFirst points from a component to those that waited for it; show the
            // cycle the way it was configured, as "waits for".
            let cycleNames = cycle.reversed().map { names[$0] }
            throw PlannerError(code: .cycle,
                               message: "wait-for cycle among removed components in the current state: \(cycleNames.joined(separator: " → ")). Stop them by hand or fix the recorded state.",
                               cycle: cycleNames)
        }
        self.names = names
        self.stopFirst = stopFirst
    }
}
