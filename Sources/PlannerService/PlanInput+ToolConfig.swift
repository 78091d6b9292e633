import Foundation
import ToolConfig

// The bridge from a validated `ToolConfiguration` to the planner's plain input types. It is
// the only planner file that imports ToolConfig, so the planner itself stays a pure function
// of plain values (and its benchmark builds without ToolConfig).

extension PlanInput {
    /// The input for planning `config` against `current`.
    ///
    /// Throws `PlannerError` (`.invalidComponent`) for a component with no build source,
    /// which a validated config never has.
    public init(config: ToolConfiguration, current: [ComponentState] = [], resolvedCommits: [ResolvedCommit] = [],
                existingBuilds: [BuildKey] = [], forceBuild: Bool = false, forceRun: Bool = false) throws(PlannerError) {
        var components: [PlannedComponent] = []
        components.reserveCapacity(config.components.count)
        // Dictionary order is random; the planner sorts by name, this only keeps errors stable.
        for name in config.components.keys.sorted() {
            guard let component = config.components[name] else { continue }
            components.append(try PlannedComponent(name: name, component: component))
        }
        self.init(components: components, current: current, resolvedCommits: resolvedCommits,
                  existingBuilds: existingBuilds, forceBuild: forceBuild, forceRun: forceRun)
    }
}

extension PlannedComponent {
    /// The planner's view of one component of a config.
    public init(name: String, component: Component) throws(PlannerError) {
        guard let source = component.build.source else {
            throw PlannerError(code: .invalidComponent,
                               message: "components.\(name).build needs one of repository, reuse-from or image.")
        }
        self.init(name: name, type: component.type, buildSource: source,
                  runSpecHash: Self.runSpecHash(component.run), waitFor: component.waitFor)
    }

    /// A stable hash of a run spec: FNV-1a 64 of its JSON with sorted keys.
    ///
    /// Every field of `RunSpec` counts, so any change of how the component runs restarts it.
    /// The executor stores this in `ComponentState.runSpecHash` after a run.
    public static func runSpecHash(_ run: RunSpec) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hasher = StableHasher()
        // RunSpec holds strings, numbers and enums only, which always encode.
        hasher.combine(bytes: (try? encoder.encode(run)) ?? Data())
        return hasher.hexDigest
    }
}
