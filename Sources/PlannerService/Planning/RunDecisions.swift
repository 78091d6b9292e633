/// Which components are (re)started, and why.
struct RunDecisions {
    /// Whether component `i` gets a run step (else a skip).
    let needed: [Bool]
    /// Why component `i` runs or is skipped.
    let reason: [String]

    static let upToDate = "Already up to date"
    static let newComponent = "New component"

    init(_ index: ComponentIndex, builds: BuildDecisions, forceRun: Bool) {
        let n = index.count
        var needed = [Bool](repeating: true, count: n)
        var reason = [String](repeating: Self.newComponent, count: n)
        // Input order, so that the components' structs are read sequentially.
        for p in 0 ..< n {
            let i = index.rank[p]
            guard index.state[i] >= 0 else { continue }
            if let why = Self.reasonToRun(i, index.components[p], index, builds, forceRun: forceRun) {
                reason[i] = why
            } else {
                needed[i] = false
                reason[i] = Self.upToDate
            }
        }
        self.needed = needed
        self.reason = reason
    }

    /// Nil when the deployed component is up to date.
    private static func reasonToRun(_ i: Int, _ component: PlannedComponent, _ index: ComponentIndex,
                                    _ builds: BuildDecisions, forceRun: Bool) -> String? {
        guard let record = index.record(i) else { return newComponent }

        var changes: [String] = []
        if builds.isRebuilt(i) || record.imageID == nil || builds.key(of: record) != builds.desired[i] {
            let p = builds.provider[i]
            changes.append(p == i ? "new image" : "new image of \(index.names[p])")
        }
        if record.runSpecHash != component.runSpecHash {
            changes.append("run spec changed")
        }
        if let was = record.type, was != component.type {
            changes.append("type changed from \(was.rawValue)")
        }
        if changes.isEmpty {
            switch component.type {
            case .continuous:
                switch record.health {
                case .healthy: break
                case .unhealthy: changes.append("not healthy")
                case .unknown: changes.append("health unknown")
                }
            case .oneOff:
                // Runs once per change: only a run that did not succeed is repeated.
                switch record.lastResult {
                case .succeeded: break
                case .failed: changes.append("last run failed")
                case .none: changes.append("not run to completion yet")
                }
            case .scheduled:
                if !record.scheduled { changes.append("schedule not registered") }
            }
        }
        if changes.isEmpty && forceRun {
            changes.append("forced run (--force-run)")
        }
        guard let first = changes.first else { return nil }
        var text = first.prefix(1).uppercased() + first.dropFirst()
        for change in changes.dropFirst() { text += ", " + change }
        if component.type == .scheduled { text += "; re-registering the schedule" }
        return text
    }
}
