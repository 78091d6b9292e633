/// A validated tool configuration: the typed form of one `ToolConfig` YAML/JSON document.
///
/// Both spellings users write (ours, `reuse-from`, and the Toolforge components-api one,
/// `reuse_from`) decode into this one model.
public struct ToolConfiguration: Sendable, Hashable, Codable {
    /// The `config-version` the document declared (`v0.1` or `v1beta1`).
    public var configVersion: String
    /// Components by name; names are DNS labels.
    public var components: [String: Component]

    public init(configVersion: String = ToolConfiguration.newestVersion, components: [String: Component] = [:]) {
        self.configVersion = configVersion
        self.components = components
    }

    /// Versions this build accepts, oldest first.
    public static let supportedVersions = ["v0.1", "v1beta1"]
    /// The version assumed when a document does not name one.
    public static let newestVersion = "v1beta1"
}

/// How a component runs.
public enum ComponentType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A long-running service, restarted when it dies.
    case continuous
    /// A job started by a cron schedule.
    case scheduled
    /// A job run once per change, to completion.
    case oneOff = "one-off"
}

/// One component of a tool.
public struct Component: Sendable, Hashable, Codable {
    public var description: String?
    public var type: ComponentType
    public var build: BuildSpec
    public var run: RunSpec
    /// Run-time edges: components that must be started/completed/scheduled first.
    public var waitFor: [String]

    public init(description: String? = nil, type: ComponentType, build: BuildSpec, run: RunSpec = RunSpec(), waitFor: [String] = []) {
        self.description = description
        self.type = type
        self.build = build
        self.run = run
        self.waitFor = waitFor
    }
}

/// Where a component's image comes from.
public struct BuildSpec: Sendable, Hashable, Codable {
    /// Exactly one of `repository`, `reuseFrom`, `image` is set in a valid config.
    public var repository: String?
    public var ref: String?
    /// A subfolder of the repository to build from.
    public var path: String?
    /// An optional build step run in the snapshot.
    public var command: String?
    /// Build-time edge: use that component's image.
    public var reuseFrom: String?
    /// A named image of the image registry instead of a repository.
    public var image: String?
    public var useLatestVersions: Bool?
    public var useDeprecatedVersions: Bool?

    public init(repository: String? = nil, ref: String? = nil, path: String? = nil, command: String? = nil,
                reuseFrom: String? = nil, image: String? = nil,
                useLatestVersions: Bool? = nil, useDeprecatedVersions: Bool? = nil) {
        self.repository = repository
        self.ref = ref
        self.path = path
        self.command = command
        self.reuseFrom = reuseFrom
        self.image = image
        self.useLatestVersions = useLatestVersions
        self.useDeprecatedVersions = useDeprecatedVersions
    }
}

/// How a health check probes a continuous component.
public enum HealthCheck: Sendable, Hashable, Codable {
    case http(path: String)
    case tcp
    case script(String)
}

/// How a component runs.
public struct RunSpec: Sendable, Hashable, Codable {
    /// A Procfile entry of the image, or a shell command.
    public var command: String?
    public var port: Int?
    public var portProtocol: String?
    public var publish: Bool?
    public var healthCheck: HealthCheck?
    public var replicas: Int?
    public var env: [String: String]
    /// Cron expression; scheduled components only.
    public var schedule: String?
    /// Seconds; one-off and scheduled runs.
    public var timeoutSeconds: Int?
    public var retry: Int?
    public var cpu: String?
    public var memory: String?
    public var emails: String?
    public var mount: String?
    public var filelog: Bool?
    public var filelogStdout: String?
    public var filelogStderr: String?

    public init(command: String? = nil, port: Int? = nil, portProtocol: String? = nil, publish: Bool? = nil,
                healthCheck: HealthCheck? = nil, replicas: Int? = nil, env: [String: String] = [:],
                schedule: String? = nil, timeoutSeconds: Int? = nil, retry: Int? = nil,
                cpu: String? = nil, memory: String? = nil, emails: String? = nil, mount: String? = nil,
                filelog: Bool? = nil, filelogStdout: String? = nil, filelogStderr: String? = nil) {
        self.command = command
        self.port = port
        self.portProtocol = portProtocol
        self.publish = publish
        self.healthCheck = healthCheck
        self.replicas = replicas
        self.env = env
        self.schedule = schedule
        self.timeoutSeconds = timeoutSeconds
        self.retry = retry
        self.cpu = cpu
        self.memory = memory
        self.emails = emails
        self.mount = mount
        self.filelog = filelog
        self.filelogStdout = filelogStdout
        self.filelogStderr = filelogStderr
    }
}
