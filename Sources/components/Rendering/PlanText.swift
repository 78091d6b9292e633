/// A plan from the API as text, in the words of seed 000.
enum PlanText {
    static func render(_ deployment: DeploymentView) -> String {
        let steps = deployment.plan?.steps ?? []
        var lines: [String] = []
        let builds = steps.filter { $0.kind == "build" || $0.skipped_kind == "build" }
        if !builds.isEmpty {
            lines.append("Building images:")
            for step in builds { lines.append("   [\(step.kind == "skip" ? "skip" : "build")] \(step.component)") }
        }
        let runs = steps.filter { $0.kind == "run" || $0.kind == "stop" || $0.skipped_kind == "run" }
        if !runs.isEmpty {
            lines.append("Deploying components:")
            for step in runs {
                let waits = (step.needs ?? []).filter { $0.hasPrefix("run:") }.map { String($0.dropFirst(4)) }
                let suffix = waits.isEmpty ? "" : " (waiting for \(waits.joined(separator: ", ")))"
                lines.append("   [\(step.kind == "skip" ? "skip" : step.kind)] \(step.component)\(suffix)")
            }
        }
        if lines.isEmpty { lines.append("Nothing to do: every component is up to date.") }
        return lines.joined(separator: "\n")
    }
}
