import ComponentsModel

/// A deployment with the field names of the Toolforge components-api v1 (`deploy_id`,
/// `creation_time`, `status`, `long_status`, `builds`, `runs`, `force_build`, `force_run`,
/// `description`, `tool_config`) and our additive fields (`tool`, `plan`, `config_version`,
/// `queued`, `plan_fidelity`, `rollback_of`, `source_document`).
///
/// Every key is written, `null` when there is no value; reading takes a missing optional
/// key as `null`.
public struct DeploymentJSON: Codable, Sendable, Hashable {
    /// `YYYYMMDD-HHMMSS-<10 random [a-z0-9]>`.
    public var deployID: String
    /// The tool it deploys.
    public var tool: String
    /// When it was created, ISO 8601 UTC.
    public var creationTime: String
    /// Where the deployment is in its life.
    public var status: DeploymentStatus
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
    /// On a rollback: the deployment whose config version and images it deploys again;
    /// `null` otherwise.
    public var rollbackOf: String?
    /// The document fetched from the config's `source_url` for this deployment (a rollback:
    /// its target's); `null` when the config has none.
    public var sourceDocument: SourceDocumentJSON?

    /// Creates a deployment.
    public init(
        deployID: String, tool: String, creationTime: String, status: DeploymentStatus, longStatus: String,
        builds: [String: DeploymentBuildJSON], runs: [String: DeploymentRunJSON], forceBuild: Bool, forceRun: Bool,
        description: String, configVersion: Int, queued: Bool, plan: PlanJSON?, toolConfig: JSONValue? = nil,
        planFidelity: PlanFidelityJSON?, rollbackOf: String? = nil, sourceDocument: SourceDocumentJSON? = nil
    ) {
        self.rollbackOf = rollbackOf
        self.sourceDocument = sourceDocument
        self.deployID = deployID
        self.tool = tool
        self.creationTime = creationTime
        self.status = status
        self.longStatus = longStatus
        self.builds = builds
        self.runs = runs
        self.forceBuild = forceBuild
        self.forceRun = forceRun
        self.description = description
        self.configVersion = configVersion
        self.queued = queued
        self.plan = plan
        self.toolConfig = toolConfig
        self.planFidelity = planFidelity
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
        case rollbackOf = "rollback_of"
        case sourceDocument = "source_document"
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
        try container.encode(rollbackOf, forKey: .rollbackOf)
        try container.encode(sourceDocument, forKey: .sourceDocument)
    }
}

/// `data` of the deployment list, as Toolforge answers it: `{"deployments": [...]}`,
/// newest first.
public struct DeploymentListJSON: Codable, Sendable, Hashable {
    /// The deployments, newest first.
    public var deployments: [DeploymentJSON]

    /// Creates a list.
    public init(deployments: [DeploymentJSON]) {
        self.deployments = deployments
    }
}
