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

    struct Step: Decodable {
        var id: String
        var component: String
        var kind: String
        var needs: [String]?
        var skipped_kind: String?
    }

    struct PlanView: Decodable {
        var steps: [Step]?
    }

    var deploy_id: String
    var creation_time: String?
    var status: String
    var long_status: String?
    var builds: [String: Build]?
    var runs: [String: Run]?
    var plan: PlanView?
    var description: String?

    var isFinal: Bool { ["successful", "failed", "cancelled", "timed_out"].contains(status) }
}
