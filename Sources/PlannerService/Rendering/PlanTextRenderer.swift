/// Renders a plan for people, in the shape users know from `--only-plan` (seed 000):
///
/// ```
/// Building images:
///    [build] toolhunt-api
///            New component
/// Deploying components:
///    [run] toolhunt-migratedb
///          New component
///    [run] toolhunt-api (waiting for toolhunt-migratedb)
///          New component
/// ```
///
/// Steps come in plan order (level, then name); skipped steps follow the done ones of their
/// section, marked `[skip]`.
public enum PlanTextRenderer {
    /// The plan as text, one line per step and one per reason, ending with a summary line.
    public static func render(_ plan: Plan) -> String {
        var componentOfStep: [String: String] = [:]
        for step in plan.steps { componentOfStep[step.id] = step.component }

        var lines: [String] = []
        let sections: [(PlanStep.Kind, String)] = [
            (.build, "Building images:"),
            (.run, "Deploying components:"),
            (.stop, "Stopping components:"),
        ]
        for (phase, title) in sections {
            let steps = plan.steps.filter { $0.phase == phase }
            guard !steps.isEmpty else { continue }
            lines.append(title)
            for step in steps {
                let marker = "[\(step.kind.rawValue)]"
                // Only waits for other components are shown: builds and barriers hold for
                // every run and stop alike.
                let waits = step.needs.filter { $0.hasPrefix("run:") || $0.hasPrefix("stop:") }.map { componentOfStep[$0] ?? $0 }
                let waiting = waits.isEmpty ? "" : " (waiting for \(waits.joined(separator: ", ")))"
                lines.append("   \(marker) \(step.component)\(waiting)")
                lines.append(String(repeating: " ", count: 4 + marker.count) + step.reason)
            }
        }
        lines.append(summary(plan))
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line: what the plan does and how long its longest chain is.
    public static func summary(_ plan: Plan) -> String {
        var counts: [PlanStep.Kind: Int] = [:]
        for step in plan.steps { counts[step.kind, default: 0] += 1 }
        if plan.isEmpty {
            return "Nothing to do: every component is up to date (\(counts[.skip] ?? 0) skipped)."
        }
        func count(_ kind: PlanStep.Kind, _ noun: String) -> String {
            let value = counts[kind] ?? 0
            return "\(value) \(noun)\(value == 1 ? "" : "s")"
        }
        return "Plan: \(count(.build, "build")), \(count(.run, "run")), \(count(.stop, "stop")), "
            + "\(counts[.skip] ?? 0) skipped; \(plan.criticalPathLength) "
            + "level\(plan.criticalPathLength == 1 ? "" : "s") on the critical path."
    }
}
