// Component types and build sources are the shared model's; users of ToolConfig see them.
@_exported import ComponentsModel

/// A validated tool configuration: the typed form of one `ToolConfig` YAML/JSON document.
///
/// Both spellings users write (ours, `reuse-from`, and the Toolforge components-api one,
/// `reuse_from`) decode into this one model.
public struct ToolConfiguration: Sendable, Hashable, Codable {
    /// The `config-version` the document declared (`v0.1` or `v1beta1`).
    public var configVersion: String
    /// Components by name; names are DNS labels.
    public var components: [String: Component]
    /// Deploy on push (`auto-deploy:`); nil when the section is absent or polling is off.
    public var autoDeploy: AutoDeploySettings?
    /// Upstream's `source_url`: where the config service fetches this config from, at
    /// `config create` and again at every deployment; nil when the config is kept as sent.
    public var sourceURL: String?

    /// Creates a config; ``ToolConfigParser`` is how configs from users are made.
    public init(configVersion: String = ToolConfiguration.newestVersion, components: [String: Component] = [:],
                autoDeploy: AutoDeploySettings? = nil, sourceURL: String? = nil) {
        self.configVersion = configVersion
        self.components = components
        self.autoDeploy = autoDeploy
        self.sourceURL = sourceURL
    }

    /// Versions this build accepts, oldest first.
    public static let supportedVersions = ["v0.1", "v1beta1"]
    /// The version assumed when a document does not name one.
    public static let newestVersion = "v1beta1"
}

/// One component of a tool.
public struct Component: Sendable, Hashable, Codable {
    /// Free text shown to people; nil when absent.
    public var description: String?
    /// How it runs.
    public var type: ComponentType
    /// Where its image comes from.
    public var build: BuildSpec
    /// How it runs; empty for a component that runs its image's default process.
    public var run: RunSpec
    /// Run-time edges: components that must be started/completed/scheduled first.
    public var waitFor: [String]

    /// Creates a component.
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
    /// Branch, tag or commit to build (checked by ``GitRefRule``); nil means the default branch.
    public var ref: String?
    /// A subfolder of the repository to build from.
    public var path: String?
    /// An optional build step run in the snapshot.
    public var command: String?
    /// Build-time edge: use that component's image.
    public var reuseFrom: String?
    /// A named image of the image registry instead of a repository.
    public var image: String?
    /// Build with the newest language versions the builder offers (components-api field); nil means false.
    public var useLatestVersions: Bool?
    /// Allow deprecated language versions (components-api field); nil means false.
    public var useDeprecatedVersions: Bool?

    /// Where the image comes from: `reuse-from`, `repository` or `image`, checked in that
    /// order; nil when none is set, which a validated config never has.
    public var source: BuildSource? {
        if let reuseFrom { return .reuseFrom(reuseFrom) }
        if let repository { return .repository(url: repository, ref: ref, path: path, command: command) }
        if let image { return .image(image) }
        return nil
    }

    /// Creates a build spec.
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
    /// An HTTP GET of `path` on the component's port must answer 2xx/3xx.
    case http(path: String)
    /// A TCP connection to the component's port must succeed.
    case tcp
    /// A command run in the component's environment must exit 0.
    case script(String)
}

extension RunSpec {
    /// The path prefix the router gives this component: `/` or a longer prefix, nil when it
    /// is not published.
    public var publishedPath: String? {
        publish == true && port != nil ? (publishPath ?? "/") : nil
    }
}

/// How a component runs.
public struct RunSpec: Sendable, Hashable, Codable {
    /// A Procfile entry of the image, or a shell command.
    public var command: String?
    /// The port the process listens on (1–65535), passed as `PORT`; continuous only.
    public var port: Int?
    /// `tcp` or `udp`; nil means tcp.
    public var portProtocol: String?
    /// Expose the port beyond the tool at its address (components-api field); nil means false.
    public var publish: Bool?
    /// The path prefix published when ``publish`` is true, such as `/api`; nil means `/`, the
    /// whole address. The router sends requests under it, unchanged, to this component.
    public var publishPath: String?
    /// How to tell the component is healthy; continuous only.
    public var healthCheck: HealthCheck?
    /// How many copies to run, at least 1; nil means 1 (see ``effectiveReplicas``). Continuous only.
    public var replicas: Int?
    /// Environment variables set for the process.
    public var env: [String: String]
    /// Cron expression; scheduled components only.
    public var schedule: String?
    /// Seconds; one-off and scheduled runs.
    public var timeoutSeconds: Int?
    /// Times to retry a failed run, 0–5; nil means 0. One-off and scheduled only.
    public var retry: Int?
    /// CPU request such as `0.5` or `500m`.
    public var cpu: String?
    /// Memory request such as `512Mi` or `1Gi`.
    public var memory: String?
    /// When to send mail: `none` (nil), `all`, `onfinish` or `onfailure`.
    public var emails: String?
    /// Which shared storage to mount: `all` or `none`.
    public var mount: String?
    /// Write output to log files instead of the log service; nil means false.
    public var filelog: Bool?
    /// File for standard output when `filelog` is on.
    public var filelogStdout: String?
    /// File for standard error when `filelog` is on.
    public var filelogStderr: String?

    /// Creates a run spec.
    public init(command: String? = nil, port: Int? = nil, portProtocol: String? = nil, publish: Bool? = nil, publishPath: String? = nil,
                healthCheck: HealthCheck? = nil, replicas: Int? = nil, env: [String: String] = [:],
                schedule: String? = nil, timeoutSeconds: Int? = nil, retry: Int? = nil,
                cpu: String? = nil, memory: String? = nil, emails: String? = nil, mount: String? = nil,
                filelog: Bool? = nil, filelogStdout: String? = nil, filelogStderr: String? = nil) {
        self.command = command
        self.port = port
        self.portProtocol = portProtocol
        self.publish = publish
        self.publishPath = publishPath
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
