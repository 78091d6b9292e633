import ComponentsAPI
import Protocol

extension PlanJSON {
    /// The planner's plan as the API shows it; empty conditions and skipped kinds are left
    /// out.
    init(_ wire: Wire.Plan) {
        self.init(
            steps: wire.steps.map { step in
                Step(
                    id: step.id, component: step.component, kind: step.kind.apiName, reason: step.reason, needs: step.needs,
                    condition: step.condition.isEmpty ? nil : step.condition,
                    skippedKind: step.skippedKind.isEmpty ? nil : step.skippedKind)
            },
            levels: wire.levels.map(\.stepIds),
            criticalPathLength: Int(wire.criticalPath))
    }
}
