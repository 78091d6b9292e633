/// Everything the planner decides from: the desired components, what runs now, the commits
/// the refs resolved to, and the force flags.
public struct PlanInput: Sendable, Hashable, Codable {
    /// The desired components (any order: the plan does not depend on it).
    public var components: [PlannedComponent]
    /// What runs now, one record per component (any order). Records of components that are
    /// not desired any more get a stop step.
    public var current: [ComponentState]
    /// The commit each repository ref resolved to. A ref missing here is built anew.
    public var resolvedCommits: [ResolvedCommit]
    /// Images known to exist besides those the current state runs (for example in the image
    /// registry); a build whose key is here is reused.
    public var existingBuilds: [BuildKey]
    /// Build every image even when one with the same key exists (`--force-build`).
    public var forceBuild: Bool
    /// Restart every component even when up to date (`--force-run`).
    public var forceRun: Bool

    /// Creates an input.
    public init(components: [PlannedComponent], current: [ComponentState] = [],
                resolvedCommits: [ResolvedCommit] = [], existingBuilds: [BuildKey] = [],
                forceBuild: Bool = false, forceRun: Bool = false) {
        self.components = components
        self.current = current
        self.resolvedCommits = resolvedCommits
        self.existingBuilds = existingBuilds
        self.forceBuild = forceBuild
        self.forceRun = forceRun
    }

    enum CodingKeys: String, CodingKey {
        case components
        case current
        case resolvedCommits = "resolved_commits"
        case existingBuilds = "existing_builds"
        case forceBuild = "force_build"
        case forceRun = "force_run"
    }
}

/// A repository ref resolved to a commit before planning.
public struct ResolvedCommit: Sendable, Hashable, Codable {
    /// The repository URL, as written in the config.
    public var repository: String
    /// The ref as written in the config; nil for the default branch.
    public var ref: String?
    /// The commit it points at.
    public var commit: String

    /// Creates a resolved ref.
    public init(repository: String, ref: String?, commit: String) {
        self.repository = repository
        self.ref = ref
        self.commit = commit
    }
}
