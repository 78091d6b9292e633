/// What a deployment will do, in which order.
///
/// Execution order: the executor runs the steps of `levels` in order. Builds fill the first
/// level, then come the runs, then the stops, so that no running component is touched before
/// every build has succeeded and old components stop only once the new ones are up. Those
/// phase boundaries are steps of their own (`barrier:builds`, `barrier:runs`), so `needs`
/// is exactly what each step waits for. Skipped steps are in `steps` but in no level.
public struct Plan: Sendable, Hashable, Codable {
    /// Every step: builds, skipped builds, runs in level order, skipped runs, stops.
    public var steps: [PlanStep]
    /// Step ids that can run in parallel, level after level; skipped steps are in none.
    public var levels: [[String]]
    /// The number of steps on the longest chain, barriers included (`levels.count`).
    public var criticalPathLength: Int

    /// Creates a plan.
    public init(steps: [PlanStep], levels: [[String]], criticalPathLength: Int) {
        self.steps = steps
        self.levels = levels
        self.criticalPathLength = criticalPathLength
    }

    /// True when the plan changes nothing.
    public var isEmpty: Bool { levels.isEmpty }

    enum CodingKeys: String, CodingKey {
        case steps
        case levels
        case criticalPathLength = "critical_path_length"
    }
}

/// One thing a deployment does, or decided not to do.
public struct PlanStep: Sendable, Hashable, Codable, Identifiable {
    /// What a step does.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Build an image.
        case build
        /// Start, restart or (re)schedule a component.
        case run
        /// Stop a component that left the config.
        case stop
        /// Nothing to do (`skippedKind` says what was skipped).
        case skip
        /// A phase boundary: passed once every step it needs reached its condition. It does
        /// no work and is for no component.
        case barrier
    }

    /// What a step must reach before the steps that need it may start.
    public enum Condition: String, Sendable, Hashable, Codable, CaseIterable {
        /// The image is built.
        case built
        /// A continuous component is started and healthy.
        case healthy
        /// A one-off component completed successfully.
        case completed
        /// A scheduled component's schedule is registered.
        case scheduled
        /// A removed component is stopped.
        case stopped
        /// A barrier: every step it needs reached its condition.
        case passed
    }

    /// `build:NAME`, `run:NAME`, `stop:NAME`, or `barrier:builds` / `barrier:runs`; a skipped
    /// step keeps the id it would have had.
    public var id: String
    /// The component the step is for (for a shared build, the first by name); empty for a
    /// barrier.
    public var component: String
    /// What the step does.
    public var kind: Kind
    /// Why, in words a person can act on ("New commit …", "Reusing existing build").
    public var reason: String
    /// Ids of the steps that must reach their `condition` first.
    public var needs: [String]
    /// What this step must reach before the steps that need it start; nil for a skip.
    public var condition: Condition?
    /// For a skip: what was skipped (`build` or `run`); nil otherwise.
    public var skippedKind: Kind?

    /// Creates a step.
    public init(id: String, component: String, kind: Kind, reason: String, needs: [String] = [],
                condition: Condition? = nil, skippedKind: Kind? = nil) {
        self.id = id
        self.component = component
        self.kind = kind
        self.reason = reason
        self.needs = needs
        self.condition = condition
        self.skippedKind = skippedKind
    }

    /// The id of the barrier between the builds and what runs or stops.
    public static let buildsBarrierID = "barrier:builds"
    /// The id of the barrier between the runs and the stops.
    public static let runsBarrierID = "barrier:runs"

    /// The kind of work the step stands for, whether it is done or skipped.
    public var phase: Kind { skippedKind ?? kind }

    enum CodingKeys: String, CodingKey {
        case id
        case component
        case kind
        case reason
        case needs
        case condition
        case skippedKind = "skipped_kind"
    }
}
