import ComponentsAPI
import Foundation
import PlannerService

/// Renders a deployment like seed 000: `Building images:` then `Deploying components:`, a
/// mark per step and `(waiting for X)`.
struct DeploymentProgress {
    let deployment: DeploymentJSON
    /// The deployment's plan in the planner's types, for the order of runs and what they wait for.
    let plan: Plan?
    let frame: Int
    let elapsed: Duration
    /// Whether running components show what they use (`deployment show`; a live follow
    /// leaves it out, as the figures change with every poll).
    let showsUsage: Bool

    /// The view of `deployment`; fails when its plan has words this CLI does not know.
    init(deployment: DeploymentJSON, frame: Int, elapsed: Duration, showsUsage: Bool = false) throws {
        self.deployment = deployment
        self.showsUsage = showsUsage
        plan = try deployment.plan.map { try Plan($0) }
        self.frame = frame
        self.elapsed = elapsed
    }

    private static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    private func mark(_ status: String) -> String {
        // Build and run statuses share these words.
        switch status {
        case "successful": "✅"
        case "failed": "❌"
        case "skipped": "⏭ "
        case "cancelled": "🚫"
        case "running": Self.spinner[frame % Self.spinner.count] + " "
        default: "  "
        }
    }

    /// The lines of the view, without trailing newline.
    var lines: [String] {
        var lines = ["Deployment \(deployment.deployID) (\(Int(elapsed.components.seconds))s): \(deployment.status.rawValue)"]
        if let target = deployment.rollbackOf {
            lines.append("Rollback to \(target): its config version \(deployment.configVersion) and its images, nothing built")
        }
        if let document = deployment.sourceDocument {
            lines.append("Config fetched from \(document.url) at \(document.fetchedAt) (\(document.sizeBytes) bytes, SHA-256 \(document.sha256))")
        }
        let builds = deployment.builds.sorted { $0.key < $1.key }
        if !builds.isEmpty {
            lines.append("Building images:")
            for (name, build) in builds {
                lines.append("   [\(mark(build.buildStatus.rawValue))] \(name)\(detail(build.buildLongStatus))")
            }
        }
        let runs = deployment.runs
        if !runs.isEmpty {
            lines.append("Deploying components:")
            for name in runOrder(runs) {
                guard let run = runs[name] else { continue }
                let waiting = waitingFor(name)
                let suffix = waiting.isEmpty ? "" : " (waiting for \(waiting.joined(separator: ", ")))"
                lines.append("   [\(mark(run.runStatus.rawValue))] \(name)\(suffix)\(detail(run.runLongStatus))\(usage(run.resources))")
            }
        }
        if deployment.status.isFinal {
            lines.append(deployment.longStatus)
            let published = runs.compactMap { name, run in run.url.map { (name, $0) } }.sorted { $0.0 < $1.0 }
            if !published.isEmpty {
                lines.append("Published at:")
                lines += published.map { "   \($0.0): \($0.1)" }
            }
        }
        return lines
    }

    private func detail(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        return " — \(text)"
    }

    /// " (memory 12.3 MiB, CPU 0.52 s)" for a component that runs, with its OOM kills if any.
    private func usage(_ resources: ResourceUseJSON?) -> String {
        guard showsUsage, let resources else { return "" }
        var parts = [String(format: "memory %.1f MiB", Double(resources.memoryBytes) / 1_048_576), String(format: "CPU %.2f s", resources.cpuSeconds)]
        if resources.oomKills > 0 { parts.append("\(resources.oomKills) killed out of memory") }
        return " (\(parts.joined(separator: ", ")))"
    }

    /// Runs in the plan's order (the order they start), others by name.
    private func runOrder(_ runs: [String: DeploymentRunJSON]) -> [String] {
        let planned = (plan?.steps ?? []).filter { $0.phase == .run || $0.kind == .stop }.map(\.component)
        var seen = Set<String>()
        let ordered = planned.filter { runs[$0] != nil && seen.insert($0).inserted }
        return ordered + runs.keys.filter { !seen.contains($0) }.sorted()
    }

    private func waitingFor(_ component: String) -> [String] {
        guard let step = plan?.steps.first(where: { $0.id == "run:\(component)" }) else { return [] }
        return step.needs.filter { $0.hasPrefix("run:") }.map { String($0.dropFirst(4)) }
    }
}
