/// A deployment's plan, in the shape `components plan --json` prints offline:
/// `{"steps": [...], "levels": [[step ids]], "critical_path_length": N}`.
///
/// Step kinds and conditions are the planner's words as text: the planner's enums live in
/// the planner, which this module does not link.
public struct PlanJSON: Codable, Sendable, Hashable {
    /// One step of the plan. `condition` and `skipped_kind` are left out when empty.
    public struct Step: Codable, Sendable, Hashable {
        /// `build:NAME`, `run:NAME`, `stop:NAME`, or `barrier:builds` / `barrier:runs`.
        public var id: String
        /// The component it is for; empty for a barrier.
        public var component: String
        /// build, run, stop, skip or barrier.
        public var kind: String
        /// Why, in words a person can act on.
        public var reason: String
        /// Step ids that must reach their condition first.
        public var needs: [String]
        /// built, healthy, completed, scheduled, stopped or passed; absent for skips.
        public var condition: String?
        /// For skips: build or run.
        public var skippedKind: String?

        /// Creates a step.
        public init(id: String, component: String, kind: String, reason: String, needs: [String], condition: String? = nil, skippedKind: String? = nil) {
            self.id = id
            self.component = component
            self.kind = kind
            self.reason = reason
            self.needs = needs
            self.condition = condition
            self.skippedKind = skippedKind
        }

        enum CodingKeys: String, CodingKey {
            case id, component, kind, reason, needs, condition
            case skippedKind = "skipped_kind"
        }
    }

    /// Every step, skipped ones included.
    public var steps: [Step]
    /// Step ids that run in parallel, level after level.
    public var levels: [[String]]
    /// The number of levels on the longest chain.
    public var criticalPathLength: Int

    /// Creates a plan.
    public init(steps: [Step], levels: [[String]], criticalPathLength: Int) {
        self.steps = steps
        self.levels = levels
        self.criticalPathLength = criticalPathLength
    }

    enum CodingKeys: String, CodingKey {
        case steps, levels
        case criticalPathLength = "critical_path_length"
    }
}
