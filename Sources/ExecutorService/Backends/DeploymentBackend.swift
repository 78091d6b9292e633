import Foundation
import PlannerService
import ToolConfig

/// What the deployment engine asks of a runtime. `LocalBackend` (git snapshots as images,
/// supervised processes) is the embedded default; tests may use a fake.
public protocol DeploymentBackend: Sendable {
    /// The commit `ref` of `repository` points to now.
    func resolveCommit(repository: String, ref: String?) async throws -> String
    /// The image of a build key, if one was built before.
    func existingImage(for job: BuildJob) async -> BuiltImage?
    /// Every image `tool` may use, so the planner can skip builds (images belong to one tool).
    func existingBuildKeys(tool: String) async -> [BuildKey]
    /// Builds (or reuses) the image of `job`; output goes to `job.logFile`.
    func build(_ job: BuildJob) async throws -> BuiltImage
    /// Starts a run and returns once it reached its goal: continuous started and healthy,
    /// one-off completed successfully, scheduled registered. Throws with a message that says
    /// why it did not (exit code, last log lines, health-check result).
    func run(_ job: RunJob) async throws -> RunOutcome
    /// Stops whatever runs for a component (a removed or replaced one).
    func stop(tool: String, component: String, processes: [ComponentStateRecord.LiveProcess]) async
    /// Whether every process still runs (same pid and start time).
    func isAlive(_ processes: [ComponentStateRecord.LiveProcess]) async -> Bool
    /// Re-adopts or restarts a component after an executor restart; its output goes on in
    /// `logFile` (the run log of the deployment that started it).
    func recover(_ state: ComponentStateRecord, logFile: URL) async throws -> RunOutcome
    /// Deletes the images not in `images` and the mirrors of repositories not in
    /// `repositories`, sparing anything used within `unusedFor` (see BackendStorage.swift).
    func sweepStorage(keepingImages images: Set<String>, repositories: Set<String>, unusedFor: Duration) async -> StorageSweepResult
    /// The bytes each of `images` takes on disk (missing ones are left out).
    func diskUsage(ofImages images: Set<String>) async -> [String: Int64]
    /// What each running component of `tool` uses now, by component; empty when the backend
    /// cannot tell.
    func resourceUsage(tool: String) async -> [String: ResourceUsage]
    /// How the other components of a tool reach `component` listening on `port`: its
    /// `<COMPONENT>_URL`.
    func componentURL(component: String, port: Int) -> String
}

extension DeploymentBackend {
    public func resourceUsage(tool: String) async -> [String: ResourceUsage] { [:] }
    public func componentURL(component: String, port: Int) -> String { "http://127.0.0.1:\(port)" }
}

/// One build to make: a repository at a commit, a subfolder, a build command.
public struct BuildJob: Sendable, Hashable {
    public var repository: String
    public var commit: String
    public var path: String?
    public var command: String?
    public var logFile: URL
    /// The tool the image is for: images are never shared between tools, so no tool runs
    /// files another tool's build command wrote.
    public var tool: String?
    /// Build even when an image of this key exists (`force-build`).
    public var force: Bool

    public init(repository: String, commit: String, path: String?, command: String?, logFile: URL, tool: String? = nil, force: Bool = false) {
        self.force = force
        self.repository = repository
        self.commit = commit
        self.path = path
        self.command = command
        self.logFile = logFile
        self.tool = tool
    }

    /// The planner's key of this build.
    public var buildKey: BuildKey {
        BuildKey(repository: repository, commit: commit, settingsHash: BuildKey.settingsHash(path: path, command: command, image: nil))
    }
}

/// An image ready to run.
public struct BuiltImage: Sendable, Hashable {
    /// Content address of the image.
    public var id: String
    /// The folder holding the snapshot.
    public var path: URL
    /// Whether an earlier build was reused.
    public var reused: Bool

    public init(id: String, path: URL, reused: Bool) {
        self.id = id
        self.path = path
        self.reused = reused
    }
}

/// One run to start.
public struct RunJob: Sendable {
    public var tool: String
    public var component: String
    public var type: ComponentType
    public var image: BuiltImage
    public var run: RunSpec
    /// The component's env plus `<COMPONENT>_URL` of the tool's other services.
    public var env: [String: String]
    public var logFile: URL
    /// Processes of the previous version, stopped once the new one is healthy.
    public var replacing: [ComponentStateRecord.LiveProcess]
    /// Told of a one-off's process as soon as it starts, to record it before waiting.
    public var onProcessStarted: @Sendable (ComponentStateRecord.LiveProcess) -> Void = { _ in }

    public init(tool: String, component: String, type: ComponentType, image: BuiltImage, run: RunSpec, env: [String: String], logFile: URL, replacing: [ComponentStateRecord.LiveProcess]) {
        self.tool = tool
        self.component = component
        self.type = type
        self.image = image
        self.run = run
        self.env = env
        self.logFile = logFile
        self.replacing = replacing
    }
}

/// What a run reached.
public struct RunOutcome: Sendable, Hashable {
    /// Live processes (continuous), empty for finished one-offs.
    public var processes: [ComponentStateRecord.LiveProcess]
    /// The port the first replica listens on, when it has one.
    public var port: Int?
    /// One line for `long_status`.
    public var summary: String

    public init(processes: [ComponentStateRecord.LiveProcess], port: Int?, summary: String) {
        self.processes = processes
        self.port = port
        self.summary = summary
    }
}

/// A step failed; `message` says why in words a person can act on.
public struct BackendError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
