import Protocol

/// A deployment's plan, in the shape `components plan --json` prints offline:
/// `{"steps": [...], "levels": [[step ids]], "critical_path_length": N}`.
public struct PlanJSON: Encodable, Sendable, Hashable {
    /// One step of the plan.
    public struct Step: Encodable, Sendable, Hashable {
        /// `build:NAME`, `run:NAME`, `stop:NAME`, or `barrier:builds` / `barrier:runs`.
        public var id: String
        /// The component it is for.
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

    init(_ wire: Wire.Plan) {
        steps = wire.steps.map { step in
            Step(
                id: step.id, component: step.component, kind: step.kind.apiName, reason: step.reason, needs: step.needs,
                condition: step.condition.isEmpty ? nil : step.condition,
                skippedKind: step.skippedKind.isEmpty ? nil : step.skippedKind)
        }
        levels = wire.levels.map(\.stepIds)
        criticalPathLength = Int(wire.criticalPath)
    }

    enum CodingKeys: String, CodingKey {
        case steps, levels
        case criticalPathLength = "critical_path_length"
    }
}
