import Protocol
import ToolConfig

/// `planner.v1.Plan` on the planner service: the canonical config JSON, the current state
/// and resolved commits in, the plan out. A config that does not parse, or a cycle, is
/// `INVALID_ARGUMENT` naming the problem.
public enum PlannerRPC {
    /// A router with the planner's method. Planning is pure computation (no I/O, no locks),
    /// so it runs on the caller's event loop without thread hops.
    public static func router() -> RPCRouter {
        var router = RPCRouter()
        router.register(PlannerMethod.plan, placement: .eventLoop) { request, _ in
            Wire.PlanResponse(plan: try plan(request).wire)
        }
        return router
    }

    /// Plans one request.
    public static func plan(_ request: Wire.PlanRequest) throws -> Plan {
        // The config was validated when it was stored; parse it again without local-repository limits.
        let result = ToolConfigParser.parse(request.configJson, options: .acceptedConfig)
        guard let config = result.config else {
            throw RPCError(.invalidArgument, "the config to plan is not valid: \(result.errors.first.map { "\($0)" } ?? "empty")")
        }
        let planned = Result { () throws(PlannerError) -> Plan in
            let input = try PlanInput(
                config: config,
                current: request.current.map(ComponentState.init(wire:)),
                resolvedCommits: request.commits.map { ResolvedCommit(repository: $0.repository, ref: $0.ref.isEmpty ? nil : $0.ref, commit: $0.commit) },
                existingBuilds: request.existingBuilds.map { BuildKey(repository: $0.repository, commit: $0.commit, settingsHash: $0.settingsHash) },
                forceBuild: request.forceBuild, forceRun: request.forceRun)
            return try Planner.plan(input)
        }
        switch planned {
        case .success(let plan): return plan
        case .failure(let error): throw RPCError(.invalidArgument, error.message)
        }
    }
}

extension Plan {
    /// The wire form.
    public var wire: Wire.Plan {
        Wire.Plan(
            steps: steps.map(\.wire),
            levels: levels.map { Wire.PlanLevel(stepIds: $0) },
            criticalPath: UInt32(clamping: criticalPathLength))
    }

    /// Reads a plan from the wire.
    public init(wire: Wire.Plan) {
        self.init(steps: wire.steps.map(PlanStep.init(wire:)), levels: wire.levels.map(\.stepIds), criticalPathLength: Int(wire.criticalPath))
    }
}

extension PlanStep {
    /// The wire form.
    public var wire: Wire.PlanStep {
        Wire.PlanStep(id: id, component: component, kind: kind.wire, reason: reason, needs: needs,
                      condition: condition?.rawValue ?? "", skippedKind: skippedKind?.rawValue ?? "")
    }

    /// Reads a step from the wire.
    public init(wire: Wire.PlanStep) {
        self.init(id: wire.id, component: wire.component, kind: Kind(wire: wire.kind), reason: wire.reason, needs: wire.needs,
                  condition: Condition(rawValue: wire.condition), skippedKind: Kind(rawValue: wire.skippedKind))
    }
}

extension PlanStep.Kind {
    var wire: Wire.StepKind {
        switch self {
        case .build: .build
        case .run: .run
        case .stop: .stop
        case .skip: .skip
        case .barrier: .barrier
        }
    }

    init(wire: Wire.StepKind) {
        switch wire {
        case .build: self = .build
        case .run: self = .run
        case .stop: self = .stop
        case .skip: self = .skip
        case .barrier: self = .barrier
        }
    }
}

extension ComponentState {
    /// The wire form.
    public var wire: Wire.ComponentState {
        Wire.ComponentState(
            component: component, imageId: imageID ?? "", repository: repository ?? "", commit: commit ?? "",
            buildSettingsHash: buildSettingsHash ?? "", runSpecHash: runSpecHash ?? "",
            health: health == .healthy ? .healthy : health == .unhealthy ? .unhealthy : .unknown,
            lastResult: lastResult == .succeeded ? .succeeded : lastResult == .failed ? .failed : .none,
            scheduled: scheduled, waitFor: waitFor, componentType: type?.rawValue ?? "")
    }

    /// Reads a state from the wire.
    public init(wire: Wire.ComponentState) {
        func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
        self.init(
            component: wire.component, type: PlannedComponent.ComponentType(rawValue: wire.componentType),
            imageID: optional(wire.imageId), repository: optional(wire.repository), commit: optional(wire.commit),
            buildSettingsHash: optional(wire.buildSettingsHash), runSpecHash: optional(wire.runSpecHash),
            health: wire.health == .healthy ? .healthy : wire.health == .unhealthy ? .unhealthy : .unknown,
            lastResult: wire.lastResult == .succeeded ? .succeeded : wire.lastResult == .failed ? .failed : .none,
            scheduled: wire.scheduled, waitFor: wire.waitFor)
    }
}
