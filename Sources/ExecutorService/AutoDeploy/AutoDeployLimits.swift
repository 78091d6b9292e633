/// The operator's bounds on deploy-on-push polling, the same for every tool, so that no tool
/// can make the executor run git more often or longer than these allow.
public struct AutoDeployLimits: Sendable, Hashable {
    /// No tool polls more often than this, whatever its config asks (`--minimum-poll-interval`).
    public var minimumInterval: Duration = .seconds(30)
    /// git processes the poller runs at once, for the whole executor; each tool has at most
    /// one of them, so a tool with slow repositories holds one slot, never all.
    public var concurrentChecks: Int = 4
    /// One `git ls-remote` is killed after this.
    public var checkTimeout: Duration = .seconds(30)
    /// Backoff after failures doubles up to this.
    public var maxBackoff: Duration = .seconds(3_600)
    /// How often the poller looks for due checks.
    public var tick: Duration = .seconds(1)
    /// How often the poller reads the tools' configs again (to see polling turned on or off).
    public var configRefresh: Duration = .seconds(15)

    /// Creates the defaults.
    public init() {}
}
