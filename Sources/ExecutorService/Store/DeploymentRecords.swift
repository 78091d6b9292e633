import Foundation
import GRDB
import PlannerService
import Protocol

/// A deployment row; statuses change only through ``DeploymentStateMachine``.
public struct DeploymentRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "deployments"
    public var deployId: String
    public var tool: String
    public var creationTimeMs: Int64
    public var status: DeploymentStatus
    public var longStatus: String
    public var description: String
    public var forceBuild: Bool
    public var forceRun: Bool
    public var configVersion: Int
    /// Canonical JSON of the config this deployment deployed.
    public var configJSON: String
    /// The plan, as the planner's JSON.
    public var planJSON: String
    public var startTimeMs: Int64?
    public var endTimeMs: Int64?
    /// The ``PlanFidelity`` found once the deployment ended, as JSON; nil before.
    public var planFidelityJSON: String? = nil
    /// The commit each repository of the config resolved to, as JSON `[ResolvedCommit]`;
    /// nil for deployments stored before commits were kept. A rollback pins them again.
    public var commitsJSON: String? = nil
    /// On a rollback: the deployment it deploys again.
    public var rollbackOf: String? = nil
    /// The document fetched from the config's `source_url` for this deployment (a rollback:
    /// its target's); nil when the config has none.
    public var sourceURL: String? = nil
    /// SHA-256 of that document's bytes, hex.
    public var sourceSHA256: String? = nil
    /// When it was fetched, in milliseconds since 1970.
    public var sourceFetchedAtMs: Int64? = nil
    /// Its size in bytes.
    public var sourceSizeBytes: Int64? = nil

    enum CodingKeys: String, CodingKey {
        case deployId = "deploy_id", tool, creationTimeMs = "creation_time_ms", status, longStatus = "long_status"
        case description, forceBuild = "force_build", forceRun = "force_run", configVersion = "config_version"
        case configJSON = "config_json", planJSON = "plan_json", startTimeMs = "start_time_ms", endTimeMs = "end_time_ms"
        case planFidelityJSON = "plan_fidelity_json", commitsJSON = "commits_json", rollbackOf = "rollback_of"
        case sourceURL = "source_url", sourceSHA256 = "source_sha256", sourceFetchedAtMs = "source_fetched_at_ms"
        case sourceSizeBytes = "source_size_bytes"
    }
}

extension DeploymentRecord {
    /// The source document this deployment used, in its wire form; nil when none.
    public var sourceDocument: Wire.SourceDocument? {
        get {
            guard let sourceURL else { return nil }
            return Wire.SourceDocument(url: sourceURL, sha256: sourceSHA256 ?? "", fetchedAtMs: sourceFetchedAtMs ?? 0,
                                       sizeBytes: UInt64(clamping: sourceSizeBytes ?? 0))
        }
        set {
            sourceURL = newValue?.url
            sourceSHA256 = newValue?.sha256
            sourceFetchedAtMs = newValue?.fetchedAtMs
            sourceSizeBytes = newValue.map { Int64(clamping: $0.sizeBytes) }
        }
    }
}

extension DeploymentRecord {
    /// The commits this deployment pinned; nil for one stored before they were kept.
    public var pinnedCommits: [ResolvedCommit]? {
        commitsJSON.flatMap { try? JSONDecoder().decode([ResolvedCommit].self, from: Data($0.utf8)) }
    }
}

/// One build of a deployment (keyed by the component it was planned for).
public struct BuildRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "deployment_builds"
    public var deployId: String
    public var component: String
    public var buildId: String
    public var image: String
    public var status: BuildStatus
    public var longStatus: String
    public var startTimeMs: Int64?
    public var endTimeMs: Int64?

    enum CodingKeys: String, CodingKey {
        case deployId = "deploy_id", component, buildId = "build_id", image, status, longStatus = "long_status"
        case startTimeMs = "start_time_ms", endTimeMs = "end_time_ms"
    }
}

/// One run of a deployment.
public struct RunRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "deployment_runs"
    public var deployId: String
    public var component: String
    public var status: RunStatus
    public var longStatus: String
    public var startTimeMs: Int64?
    public var endTimeMs: Int64?

    enum CodingKeys: String, CodingKey {
        case deployId = "deploy_id", component, status, longStatus = "long_status"
        case startTimeMs = "start_time_ms", endTimeMs = "end_time_ms"
    }
}

/// A deployment with its builds and runs.
public struct DeploymentSnapshot: Sendable, Hashable {
    public var deployment: DeploymentRecord
    public var builds: [BuildRecord]
    public var runs: [RunRecord]
}

/// What runs now for one component of a tool, kept so the next plan can compare and a
/// restarted executor can re-adopt or restart it.
public struct ComponentStateRecord: Codable, Sendable, Hashable {
    public var tool: String
    public var component: String
    public var type: ComponentType
    public var imageID: String
    public var imagePath: String
    public var repository: String
    public var commit: String
    public var buildSettingsHash: String
    public var runSpecHash: String
    public var waitFor: [String]
    public var lastResult: ComponentState.RunResult
    public var scheduled: Bool
    /// The run spec as canonical JSON, to restart the component without its deployment.
    public var runSpecJSON: String
    public var env: [String: String]
    /// Live processes: pid and start time (clock ticks since boot, from /proc).
    public var processes: [LiveProcess]
    /// The port of the first replica, for `<COMPONENT>_URL` of the others.
    public var port: Int?
    public var deployId: String

    /// A process and the start time that identifies it beyond pid reuse.
    public struct LiveProcess: Codable, Sendable, Hashable {
        public var pid: Int32
        public var startTime: UInt64

        /// A process by pid and start time.
        public init(pid: Int32, startTime: UInt64) {
            self.pid = pid
            self.startTime = startTime
        }
    }
}
