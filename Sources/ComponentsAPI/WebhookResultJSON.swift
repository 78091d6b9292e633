/// `data` of a webhook delivery: whether it deployed, and which deployment.
public struct WebhookResultJSON: Codable, Sendable, Hashable {
    public var deployed: Bool
    public var deployId: String?

    /// Creates an answer.
    public init(deployed: Bool, deployId: String?) {
        self.deployed = deployed
        self.deployId = deployId
    }

    enum CodingKeys: String, CodingKey {
        case deployed
        case deployId = "deploy_id"
    }
}
