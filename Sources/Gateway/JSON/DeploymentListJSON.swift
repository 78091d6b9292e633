/// `data` of the deployment list, as Toolforge answers it: `{"deployments": [...]}`,
/// newest first.
public struct DeploymentListJSON: Encodable, Sendable, Hashable {
    /// The deployments, newest first.
    public var deployments: [DeploymentJSON]
}
