import ComponentsTesting
import ExecutorService
import Foundation
import PlannerService
import PropertyBased
import Testing

/// Random tools deployed through the fake backend with random step durations, then changed
/// (some components removed, some run specs changed) and deployed again: the executor never
/// departs from the plan.
@Suite struct PlanFidelityPropertyTests {
    @Test func randomDeploymentsFollowTheirPlans() async throws {
        await propertyCheck(count: 12, input: Gen.uint64(), Gen.int(in: 1 ... 12)) { seed, size in
            var rng = SplitMix64(seed: seed)
            let first = RandomToolConfig(size: size, using: &rng)
            let second = first.changed(using: &rng)
            var durations: [String: Duration] = [:]
            for name in first.components.map(\.name) + first.repositories {
                durations[name] = .milliseconds(Int.random(in: 0 ... 15, using: &rng))
            }
            let backend = FakeBackend(durations: durations)
            let harness = try DeploymentRunnerTests.Harness(backend: backend)
            for config in [first, second] {
                let job = try await harness.prepare(config.yaml, backend: backend)
                #expect(await harness.runner.execute(job) == .successful, "\(config.yaml)")
                let fidelity = try #require(try await harness.store.snapshot(job.deployID)?.planFidelity)
                #expect(fidelity.violations == [], "\(config.yaml)")
            }
        }
    }
}

/// A random valid tool: components wait for and reuse components of lower index only.
struct RandomToolConfig {
    struct Component {
        var name: String
        var type: String
        /// A repository name, or nil to reuse `reuseFrom`'s image.
        var repository: String?
        var reuseFrom: String?
        var command: String
        var waitFor: [String]
    }

    var components: [Component]
    var repositories: [String]

    init(size: Int, using rng: inout SplitMix64) {
        repositories = (0 ..< max(1, size / 3)).map { "r\($0).git" }
        components = []
        for i in 0 ..< size {
            let builders = components.filter { $0.repository != nil }
            let reused = Int.random(in: 0 ..< 4, using: &rng) == 0 ? builders.randomElement(using: &rng) : nil
            let waits = Set((0 ..< Int.random(in: 0 ... 2, using: &rng)).compactMap { _ in components.randomElement(using: &rng)?.name })
            components.append(Component(
                name: "c\(i)", type: ["continuous", "one-off", "scheduled"].randomElement(using: &rng) ?? "continuous",
                repository: reused == nil ? repositories.randomElement(using: &rng) : nil, reuseFrom: reused?.name,
                command: "run-\(i)", waitFor: waits.sorted()))
        }
    }

    /// The next version: about a third of the components leave (what referred to them no
    /// longer does) and about a third change how they run.
    func changed(using rng: inout SplitMix64) -> RandomToolConfig {
        var next = self
        // The first component stays: a config needs at least one.
        let removed = Set(components.dropFirst().filter { _ in Int.random(in: 0 ..< 3, using: &rng) == 0 }.map(\.name))
        next.components = components.filter { !removed.contains($0.name) }.map { component in
            var component = component
            component.waitFor.removeAll { removed.contains($0) }
            if let source = component.reuseFrom, removed.contains(source) {
                component.reuseFrom = nil
                component.repository = repositories[0]
            }
            if Int.random(in: 0 ..< 3, using: &rng) == 0 { component.command += "-v2" }
            return component
        }
        return next
    }

    var yaml: String {
        var lines = ["config-version: v0.1", "components:"]
        for component in components {
            lines.append("  \(component.name):")
            lines.append("    type: \(component.type)")
            if let repository = component.repository {
                lines.append("    build: {repository: \"https://example.org/\(repository)\"}")
            } else if let source = component.reuseFrom {
                lines.append("    build: {reuse-from: \(source)}")
            }
            let schedule = component.type == "scheduled" ? ", schedule: \"0 * * * *\"" : ""
            lines.append("    run: {command: \(component.command)\(schedule)}")
            if !component.waitFor.isEmpty { lines.append("    wait-for: [\(component.waitFor.joined(separator: ", "))]") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
