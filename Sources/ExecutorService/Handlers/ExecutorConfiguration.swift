import Foundation
import Protocol

/// How the executor runs.
public struct ExecutorConfiguration: Sendable {
    /// The state folder (database, images, logs).
    public var stateDirectory: URL
    /// Finished deployments kept per tool.
    public var keepDeployments: Int = 25
    /// Successful deployments kept per tool as rollback targets, with their images, even
    /// when older than `keepDeployments`.
    public var rollbackTargets: Int = 5
    /// How often the retention sweep runs.
    public var sweepInterval: Duration = .seconds(600)
    /// Images and mirrors nothing needs are deleted once unused this long.
    public var keepUnusedFor: Duration = .seconds(3600)
    /// A deployment still running after this becomes timed_out.
    public var deploymentTimeout: Duration = .seconds(3600)
    /// Builds run in parallel up to this many.
    public var buildConcurrency: Int = 2
    /// Whether `file://` repositories may be used.
    public var allowLocalRepositories: Bool = false
    /// Whether repositories on loopback, private and link-local hosts may be used (the
    /// backend checks every address a name resolves to).
    public var allowPrivateRepositories: Bool = false
    /// Whether unencrypted `http://` and `git://` repositories may be used.
    public var allowInsecureRepositories: Bool = false
    /// The bounds of deploy-on-push polling.
    public var autoDeploy = AutoDeployLimits()

    /// Creates a configuration with defaults.
    public init(stateDirectory: URL) {
        self.stateDirectory = stateDirectory
    }

    /// Logs of one deployment.
    public func logFolder(_ deployID: String) -> URL {
        stateDirectory.appendingPathComponent("logs", isDirectory: true).appendingPathComponent(deployID, isDirectory: true)
    }
}
