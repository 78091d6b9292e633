// Component types and build sources are the shared model's; users of the planner see them.
@_exported import ComponentsModel

/// One component as the planner sees it: only what decides builds, runs and their order.
///
/// The planner takes its own input types rather than `ToolConfiguration` so that it stays a
/// pure function of plain values; `PlanInput(config:)` converts a validated config.
public struct PlannedComponent: Sendable, Hashable, Codable {
    /// How a component runs; decides what "done" means for the components that wait for it.
    /// The shared model's type, under the name planner code has always used.
    public typealias ComponentType = ComponentsModel.ComponentType

    /// The component's name, unique within the tool.
    public var name: String
    /// How the component runs.
    public var type: ComponentType
    /// Where the component's image comes from.
    public var buildSource: BuildSource
    /// A stable hash of everything that decides how the component runs (`run` of the config).
    public var runSpecHash: String
    /// Run-time edges: components that must be healthy, completed or scheduled first.
    public var waitFor: [String]

    /// Creates a component.
    public init(name: String, type: ComponentType, buildSource: BuildSource, runSpecHash: String, waitFor: [String] = []) {
        self.name = name
        self.type = type
        self.buildSource = buildSource
        self.runSpecHash = runSpecHash
        self.waitFor = waitFor
    }

    enum CodingKeys: String, CodingKey {
        case name
        case type
        case buildSource = "build_source"
        case runSpecHash = "run_spec_hash"
        case waitFor = "wait_for"
    }
}
