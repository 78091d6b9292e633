import ExecutorService
import ToolConfig

/// The limits of one run and where its cgroup goes: handed with a ``SupervisedCommand`` to
/// the supervisor, which makes a fresh cgroup for every process it starts.
public struct RunLimits: Sendable, Hashable {
    /// What each process of the run may use.
    public var resources: ResourceLimits
    /// The hierarchy cgroups are made in; nil where the host has none this executor can
    /// write to (rlimits still apply then).
    public var hierarchy: CgroupHierarchy?
    /// The folder under `components/` shared by a tool's runs: the tool's name.
    public var group: String
    /// The start of each process's cgroup name: the component's name.
    public var name: String

    /// Creates the limits of a run of component `name` of tool `group`.
    public init(resources: ResourceLimits, hierarchy: CgroupHierarchy?, group: String, name: String) {
        self.resources = resources
        self.hierarchy = hierarchy
        self.group = group
        self.name = name
    }
}

/// A component of a tool, as resource use is reported for.
public struct ComponentKey: Sendable, Hashable {
    /// The tool's name.
    public var tool: String
    /// The component's name.
    public var component: String

    /// Creates a key.
    public init(tool: String, component: String) {
        self.tool = tool
        self.component = component
    }
}
