/// Which components are (re)started, and why.
struct RunDecisions {
    /// What happens to one component's run.
    struct Decision {
        /// Whether it gets a run step (else it is skipped).
        var needed: Bool
        /// Why it runs or is skipped.
        var reason: String
        /// What the components that wait for it wait for.
        var condition: PlanStep.Condition
    }

    /// The decision for every desired component, by name.
    let decisions: [String: Decision]
    /// How many components get a run step.
    let neededCount: Int

    static let upToDate = "Already up to date"
    static let newComponent = "New component"

    init(_ named: NamedInput, builds: BuildDecisions, forceRun: Bool) {
        var decisions = [String: Decision](minimumCapacity: named.components.count)
        var neededCount = 0
        for component in named.components {
            let name = component.name
            let record = named.records[name]
            let reason = Self.reasonToRun(component, record: record,
                                          imageChange: Self.imageChange(of: name, builds: builds, record: record),
                                          forceRun: forceRun)
            if reason != nil { neededCount += 1 }
            decisions[name] = Decision(needed: reason != nil, reason: reason ?? Self.upToDate,
                                       condition: Self.condition(of: component.type))
        }
        self.decisions = decisions
        self.neededCount = neededCount
    }

    /// Whether `name` gets a run step.
    func isNeeded(_ name: String) -> Bool { decisions[name]?.needed ?? false }

    /// What dependents of a run wait for, by the type of the component that runs.
    static func condition(of type: PlannedComponent.ComponentType) -> PlanStep.Condition {
        switch type {
        case .continuous: .healthy
        case .oneOff: .completed
        case .scheduled: .scheduled
        }
    }

    /// "new image" (or "new image of P" for a reused one) when the component will run
    /// another image than the one it runs now.
    static func imageChange(of name: String, builds: BuildDecisions, record: ComponentState?) -> String? {
        guard let record else { return nil }
        let unchanged = builds.newImageBuild(of: name) == nil && record.imageID != nil
            && builds.desiredImage(of: name) == ImageIdentity(record)
        if unchanged { return nil }
        let provider = builds.provider(of: name)
        return provider == name ? "new image" : "new image of \(provider)"
    }

    /// Run when something changed, when the component is not where it should be, or when
    /// forced; nil when the deployed component is up to date.
    static func reasonToRun(_ component: PlannedComponent, record: ComponentState?, imageChange: String?,
                            forceRun: Bool) -> String? {
        guard let record else { return newComponent }
        var changes: [String] = []
        if let imageChange { changes.append(imageChange) }
        if record.runSpecHash != component.runSpecHash { changes.append("run spec changed") }
        if let was = record.type, was != component.type { changes.append("type changed from \(was.rawValue)") }
        if changes.isEmpty, let notThere = notWhereItShouldBe(component.type, record: record) { changes.append(notThere) }
        if changes.isEmpty && forceRun { changes.append("forced run (--force-run)") }
        guard let first = changes.first else { return nil }
        var text = ([first.prefix(1).uppercased() + first.dropFirst()] + changes.dropFirst()).joined(separator: ", ")
        if component.type == .scheduled { text += "; re-registering the schedule" }
        return text
    }

    /// An unchanged component still runs when it is not healthy (continuous), did not
    /// succeed (one-off: it runs once per change) or is not scheduled (scheduled).
    static func notWhereItShouldBe(_ type: PlannedComponent.ComponentType, record: ComponentState) -> String? {
        switch type {
        case .continuous:
            switch record.health {
            case .healthy: nil
            case .unhealthy: "not healthy"
            case .unknown: "health unknown"
            }
        case .oneOff:
            switch record.lastResult {
            case .succeeded: nil
            case .failed: "last run failed"
            case .none: "not run to completion yet"
            }
        case .scheduled:
            record.scheduled ? nil : "schedule not registered"
        }
    }
}
