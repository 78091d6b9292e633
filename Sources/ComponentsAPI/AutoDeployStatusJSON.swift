/// `data` of `GET /v1/tool/{tool}/auto-deploy`: whether the tool's repositories are polled,
/// how often, and per repository what the last check saw.
public struct AutoDeployStatusJSON: Codable, Sendable, Hashable {
    /// False when the config has no `auto-deploy: {poll: ...}` (or the tool was never deployed).
    public var polling: Bool
    /// Seconds between checks: the config's interval raised to the operator's minimum.
    public var intervalSeconds: Int?
    /// Seconds the config asks for.
    public var requestedSeconds: Int?
    /// One entry per (repository, ref) the config builds.
    public var repositories: [AutoDeployRepositoryJSON]
    /// The last deployment deploy on push created, and when (ISO 8601).
    public var lastDeployId: String?
    public var lastTriggerTime: String?

    /// Creates a status.
    public init(polling: Bool, intervalSeconds: Int?, requestedSeconds: Int?, repositories: [AutoDeployRepositoryJSON],
                lastDeployId: String?, lastTriggerTime: String?) {
        self.polling = polling
        self.intervalSeconds = intervalSeconds
        self.requestedSeconds = requestedSeconds
        self.repositories = repositories
        self.lastDeployId = lastDeployId
        self.lastTriggerTime = lastTriggerTime
    }

    enum CodingKeys: String, CodingKey {
        case polling, repositories
        case intervalSeconds = "interval_seconds", requestedSeconds = "requested_seconds"
        case lastDeployId = "last_deploy_id", lastTriggerTime = "last_trigger_time"
    }
}

/// What polling knows of one (repository, ref).
public struct AutoDeployRepositoryJSON: Codable, Sendable, Hashable {
    public var repository: String
    /// The configured ref; `null` is the default branch.
    public var ref: String?
    /// Components built from it.
    public var components: [String]
    /// ISO 8601 times; `null` when not yet.
    public var lastCheck: String?
    public var lastSeenCommit: String?
    public var nextCheck: String?
    /// Why the last check failed; `null` after a success.
    public var lastError: String?
    /// Failures in a row; the next check backs off exponentially.
    public var failures: Int

    /// Creates an entry.
    public init(repository: String, ref: String?, components: [String], lastCheck: String?, lastSeenCommit: String?,
                nextCheck: String?, lastError: String?, failures: Int) {
        self.repository = repository
        self.ref = ref
        self.components = components
        self.lastCheck = lastCheck
        self.lastSeenCommit = lastSeenCommit
        self.nextCheck = nextCheck
        self.lastError = lastError
        self.failures = failures
    }

    enum CodingKeys: String, CodingKey {
        case repository, ref, components, failures
        case lastCheck = "last_check", lastSeenCommit = "last_seen_commit", nextCheck = "next_check", lastError = "last_error"
    }
}
