/// Whether a deployment did what its plan said: every step started only after its needs
/// ended, and nothing ran that the plan did not list.
public struct PlanFidelityJSON: Codable, Sendable, Hashable {
    /// True when there is no violation.
    public var ok: Bool
    /// Each departure from the plan, in words.
    public var violations: [String]

    /// Creates a result.
    public init(ok: Bool, violations: [String]) {
        self.ok = ok
        self.violations = violations
    }
}
