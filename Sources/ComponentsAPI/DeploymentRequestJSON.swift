/// The body of `POST deployment` as the CLI sends it: `{"force_build", "force_run",
/// "only_plan", "description"}`. The gateway also takes the dashed spellings, the same
/// options in the query, and other keys (a CI webhook's own payload), so it reads bodies
/// leniently instead of through this type.
public struct DeploymentRequestJSON: Codable, Sendable, Hashable {
    /// Build every image, even when one for the same source exists.
    public var forceBuild: Bool
    /// Restart every component, even those up to date.
    public var forceRun: Bool
    /// Plan only; deploy nothing.
    public var onlyPlan: Bool
    /// A note kept with the deployment.
    public var description: String

    /// Creates a request.
    public init(forceBuild: Bool = false, forceRun: Bool = false, onlyPlan: Bool = false, description: String = "") {
        self.forceBuild = forceBuild
        self.forceRun = forceRun
        self.onlyPlan = onlyPlan
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case forceBuild = "force_build"
        case forceRun = "force_run"
        case onlyPlan = "only_plan"
        case description
    }
}
