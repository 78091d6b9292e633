/// What runs now for one component, as the executor recorded it.
///
/// Every field but `component` may be missing from JSON: a missing field reads as "not
/// known", which the planner treats as "changed".
public struct ComponentState: Sendable, Hashable, Codable {
    /// A continuous component's last observed health.
    public enum Health: String, Sendable, Hashable, Codable, CaseIterable {
        /// The health check passes.
        case healthy
        /// The health check fails, or the component is not running.
        case unhealthy
        /// Not checked yet, or no health check: not known to be healthy.
        case unknown
    }

    /// The outcome of a one-off component's last run.
    public enum RunResult: String, Sendable, Hashable, Codable, CaseIterable {
        /// The last run completed successfully.
        case succeeded
        /// The last run failed or timed out.
        case failed
        /// No run completed yet.
        case none
    }

    /// The component's name.
    public var component: String
    /// The type it was deployed as; nil when not recorded.
    public var type: PlannedComponent.ComponentType?
    /// The image it runs; nil when it has none (never built, or the image is gone).
    public var imageID: String?
    /// The repository the image was built from (empty for a registry image).
    public var repository: String?
    /// The commit the image was built from.
    public var commit: String?
    /// `BuildKey.settingsHash(path:command:image:)` of the settings the image was built with.
    public var buildSettingsHash: String?
    /// The run-spec hash it was started with.
    public var runSpecHash: String?
    /// Continuous components: last observed health.
    public var health: Health
    /// One-off components: outcome of the last run.
    public var lastResult: RunResult
    /// Scheduled components: whether the schedule is registered.
    public var scheduled: Bool
    /// The wait-for edges it was deployed with; orders the stops of removed components.
    public var waitFor: [String]

    /// Creates a state record.
    public init(component: String, type: PlannedComponent.ComponentType? = nil, imageID: String? = nil,
                repository: String? = nil, commit: String? = nil, buildSettingsHash: String? = nil,
                runSpecHash: String? = nil, health: Health = .unknown, lastResult: RunResult = .none,
                scheduled: Bool = false, waitFor: [String] = []) {
        self.component = component
        self.type = type
        self.imageID = imageID
        self.repository = repository
        self.commit = commit
        self.buildSettingsHash = buildSettingsHash
        self.runSpecHash = runSpecHash
        self.health = health
        self.lastResult = lastResult
        self.scheduled = scheduled
        self.waitFor = waitFor
    }

    /// The key of the image this component runs now.
    public var buildKey: BuildKey {
        BuildKey(repository: repository ?? "", commit: commit, settingsHash: buildSettingsHash ?? "")
    }

    enum CodingKeys: String, CodingKey {
        case component
        case type = "component_type"
        case imageID = "image_id"
        case repository
        case commit
        case buildSettingsHash = "build_settings_hash"
        case runSpecHash = "run_spec_hash"
        case health
        case lastResult = "last_result"
        case scheduled
        case waitFor = "wait_for"
    }

    /// Decodes a record in which only `component` is required, so hand-written and older
    /// state files still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        component = try c.decode(String.self, forKey: .component)
        type = try c.decodeIfPresent(PlannedComponent.ComponentType.self, forKey: .type)
        imageID = try c.decodeIfPresent(String.self, forKey: .imageID)
        repository = try c.decodeIfPresent(String.self, forKey: .repository)
        commit = try c.decodeIfPresent(String.self, forKey: .commit)
        buildSettingsHash = try c.decodeIfPresent(String.self, forKey: .buildSettingsHash)
        runSpecHash = try c.decodeIfPresent(String.self, forKey: .runSpecHash)
        health = try c.decodeIfPresent(Health.self, forKey: .health) ?? .unknown
        lastResult = try c.decodeIfPresent(RunResult.self, forKey: .lastResult) ?? .none
        scheduled = try c.decodeIfPresent(Bool.self, forKey: .scheduled) ?? false
        waitFor = try c.decodeIfPresent([String].self, forKey: .waitFor) ?? []
    }
}
