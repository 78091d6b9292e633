import ComponentsAPI
import Protocol

extension PlanFidelityJSON {
    /// The executor's check of a finished deployment.
    init(_ wire: Wire.PlanFidelity) {
        self.init(ok: wire.ok, violations: wire.violations)
    }
}
