import Protocol

/// A deployment with the field names of the Toolforge components-api v1 (`deploy_id`,
/// `creation_time`, `status`, `long_status`, `builds`, `runs`, `force_build`, `force_run`,
/// `description`, `tool_config`) and our additive fields (`tool`, `plan`, `config_version`,
/// `queued`, `only_plan`, `plan_fidelity`).
public struct DeploymentJSON: Encodable, Sendable, Hashable {
    /// `YYYYMMDD-HHMMSS-<10 random [a-z0-9]>`.
    public var deployID: String
    /// The tool it deploys.
    public var tool: String
    /// When it was created, ISO 8601 UTC.
    public var creationTime: String
    /// pending, running, successful, failed, cancelling, cancelled or timed_out.
    public var status: String
    /// One line a person can act on.
    public var longStatus: String
    /// Builds by component.
    public var builds: [String: DeploymentBuildJSON]
    /// Runs by component.
    public var runs: [String: DeploymentRunJSON]
    /// Whether unchanged builds were forced.
    public var forceBuild: Bool
    /// Whether unchanged runs were forced.
    public var forceRun: Bool
    /// What the person who started it said about it.
    public var description: String
    /// The stored config version it deploys.
    public var configVersion: Int
    /// True while it waits behind another deployment of the same tool.
    public var queued: Bool
    /// The plan; `null` until the executor made it.
    public var plan: PlanJSON?
    /// The config it deploys, when the answer includes it (one deployment, not lists).
    public var toolConfig: JSONValue?
    /// Whether it did what its plan said; `null` until it ended and was checked.
    public var planFidelity: PlanFidelityJSON?

    init(_ wire: Wire.Deployment, toolConfig: JSONValue? = nil) {
        deployID = wire.deployId
        tool = wire.tool
        creationTime = Timestamp.iso8601(milliseconds: wire.creationTimeMs)
        status = wire.status.apiName
        longStatus = wire.longStatus
        // Two builds or runs for one component would be an executor bug; the last one wins.
        builds = Dictionary(wire.builds.map { ($0.component, DeploymentBuildJSON($0)) }, uniquingKeysWith: { $1 })
        runs = Dictionary(wire.runs.map { ($0.component, DeploymentRunJSON($0)) }, uniquingKeysWith: { $1 })
        forceBuild = wire.forceBuild
        forceRun = wire.forceRun
        description = wire.description
        configVersion = Int(wire.configVersion)
        queued = wire.queued
        plan = wire.plan.map(PlanJSON.init)
        self.toolConfig = toolConfig
        planFidelity = wire.planFidelity.map(PlanFidelityJSON.init)
    }

    enum CodingKeys: String, CodingKey {
        case deployID = "deploy_id"
        case tool
        case creationTime = "creation_time"
        case status
        case longStatus = "long_status"
        case builds, runs
        case forceBuild = "force_build"
        case forceRun = "force_run"
        case description
        case configVersion = "config_version"
        case queued, plan
        case toolConfig = "tool_config"
        case planFidelity = "plan_fidelity"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deployID, forKey: .deployID)
        try container.encode(tool, forKey: .tool)
        try container.encode(creationTime, forKey: .creationTime)
        try container.encode(status, forKey: .status)
        try container.encode(longStatus, forKey: .longStatus)
        try container.encode(builds, forKey: .builds)
        try container.encode(runs, forKey: .runs)
        try container.encode(forceBuild, forKey: .forceBuild)
        try container.encode(forceRun, forKey: .forceRun)
        try container.encode(description, forKey: .description)
        try container.encode(configVersion, forKey: .configVersion)
        try container.encode(queued, forKey: .queued)
        try container.encode(plan, forKey: .plan)
        try container.encode(toolConfig, forKey: .toolConfig)
        try container.encode(planFidelity, forKey: .planFidelity)
    }
}
