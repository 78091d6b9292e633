import PlannerService

/// When the executor started or ended one step of a deployment's plan. Events are numbered
/// in the order they were committed, so "after" never depends on clock resolution.
public struct StepEvent: Sendable, Hashable {
    /// What happened to the step.
    public enum Kind: String, Sendable, Hashable, Codable {
        case started
        case ended
    }

    /// The order of the event among all events the executor recorded.
    public var sequence: Int64
    /// The plan step id (`build:NAME`, `run:NAME`, `stop:NAME`, `barrier:...`).
    public var stepID: String
    public var kind: Kind

    /// Creates an event.
    public init(sequence: Int64, stepID: String, kind: Kind) {
        self.sequence = sequence
        self.stepID = stepID
        self.kind = kind
    }
}

/// Whether a deployment did what its plan said: every step started only after the steps it
/// needs ended, and nothing ran that the plan did not list. It is how users learn to trust
/// `--only-plan`.
public struct PlanFidelity: Sendable, Hashable, Codable {
    /// True when there is no violation.
    public var ok: Bool
    /// Each departure from the plan, in words.
    public var violations: [String]

    /// Creates a result.
    public init(violations: [String]) {
        self.ok = violations.isEmpty
        self.violations = violations
    }

    /// Checks what the executor recorded against the plan.
    public init(plan: Plan, events: [StepEvent]) {
        var started: [String: Int64] = [:]
        var ended: [String: Int64] = [:]
        var violations: [String] = []
        for event in events.sorted(by: { $0.sequence < $1.sequence }) {
            switch event.kind {
            case .started:
                if started.updateValue(event.sequence, forKey: event.stepID) != nil {
                    violations.append("\(event.stepID) started twice")
                }
            case .ended:
                ended[event.stepID] = event.sequence
            }
        }
        let steps = Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, start) in started.sorted(by: { $0.value < $1.value }) {
            guard let step = steps[id] else {
                violations.append("\(id) ran, but the plan does not list it")
                continue
            }
            if step.kind == .skip {
                violations.append("\(id) ran, but the plan skipped it (\(step.reason))")
            }
            for need in step.needs {
                guard let end = ended[need] else {
                    violations.append("\(id) started, but its need \(need) never ended")
                    continue
                }
                if end > start { violations.append("\(id) started before its need \(need) ended") }
            }
        }
        self.init(violations: violations)
    }
}
