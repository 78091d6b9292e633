/// The top-level `auto-deploy:` section (also spelled `auto_deploy`): how a tool deploys on
/// push without anyone calling the API. Our extension; upstream ignores unknown top-level
/// keys with a warning.
///
/// ```yaml
/// auto-deploy: {poll: 1m}    # check the repositories every minute
/// auto-deploy: {poll: off}   # the same as leaving the section out
/// ```
public struct AutoDeploySettings: Sendable, Hashable, Codable {
    /// Seconds between checks of every (repository, ref) the config builds; nil means no
    /// polling. The executor raises it to its operator's minimum.
    public var pollSeconds: Int?

    /// Creates settings; nil `pollSeconds` turns polling off.
    public init(pollSeconds: Int? = nil) {
        self.pollSeconds = pollSeconds
    }

    /// The longest interval accepted: a day; a slower poll is no push-to-deploy.
    public static let maxPollSeconds = 86_400
}
