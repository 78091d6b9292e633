import PlannerService

/// A deployment as the API shows it (Toolforge components-api v1 field names).
struct DeploymentView: Decodable {
    struct Build: Decodable {
        var build_id: String?
        var build_image: String?
        var build_status: String
        var build_long_status: String?
    }

    struct Run: Decodable {
        var run_status: String
        var run_long_status: String?
    }

    var deploy_id: String
    var creation_time: String?
    var status: String
    var long_status: String?
    var builds: [String: Build]?
    var runs: [String: Run]?
    /// The plan, in the planner's own type (the API prints it as `components plan --json` does).
    var plan: Plan?
    var description: String?

    var isFinal: Bool { DeploymentStatus(rawValue: status)?.isFinal ?? false }
}
