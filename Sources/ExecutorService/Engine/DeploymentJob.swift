import Foundation
import PlannerService
import ToolConfig

/// Everything the runner needs to carry out one persisted deployment.
public struct DeploymentJob: Sendable {
    public var deployID: String
    public var tool: String
    public var config: ToolConfiguration
    public var plan: Plan
    /// Resolved commit per repository URL and ref (`URL#ref`).
    public var commits: [String: String]
    /// Folder for this deployment's logs.
    public var logFolder: URL
    /// The commits as resolved at creation, in the planner's terms, for a re-plan at start.
    public var resolvedCommits: [ResolvedCommit] = []
    /// `force-build`: images are built anew even when they exist.
    public var forceBuild: Bool

    public init(deployID: String, tool: String, config: ToolConfiguration, plan: Plan, commits: [String: String], logFolder: URL,
                forceBuild: Bool = false) {
        self.forceBuild = forceBuild
        self.deployID = deployID
        self.tool = tool
        self.config = config
        self.plan = plan
        self.commits = commits
        self.logFolder = logFolder
    }

    /// The key of `commits`.
    public static func commitKey(repository: String, ref: String?) -> String {
        "\(repository)#\(ref ?? "HEAD")"
    }

    /// `commits` from resolved refs.
    public static func commitTable(_ commits: [ResolvedCommit]) -> [String: String] {
        Dictionary(commits.map { (commitKey(repository: $0.repository, ref: $0.ref), $0.commit) }, uniquingKeysWith: { first, _ in first })
    }

    /// Log file of a component's build or run in this deployment.
    public func logFile(_ component: String, _ phase: String) -> URL {
        logFolder.appendingPathComponent("\(component).\(phase).log")
    }

    /// The build a component with a repository needs, at its resolved commit.
    public func buildJob(for component: String) -> BuildJob? {
        guard let spec = config.components[component], let repository = spec.build.repository,
              let commit = commits[Self.commitKey(repository: repository, ref: spec.build.ref)] else { return nil }
        return BuildJob(repository: repository, commit: commit, path: spec.build.path, command: spec.build.command, logFile: logFile(component, "build"),
                        tool: tool, force: forceBuild)
    }

    /// The component whose image `component` runs (itself, or its `reuse-from` source).
    public func imageSource(of component: String) -> String {
        config.components[component]?.build.reuseFrom ?? component
    }
}
