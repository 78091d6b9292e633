import Hummingbird
import Protocol

/// The JSON API under one path prefix (`""` or `/components`, the path the Toolforge API
/// gateway uses), every route behind ``AuthMiddleware``.
struct APIRoutes {
    let backends: BackendClients
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    /// Shared by every route, so the lanes and what they remember are the gateway's.
    let authenticator: Authenticator
    /// Shared by both prefixes' webhook routes.
    let webhookAdmission = WebhookAdmission()

    func register(on router: Router<GatewayRequestContext>, prefix: String) {
        let toolPath = RouterPath("\(prefix)/v1/tool/{tool}")
        // Two groups on one path: the trie merges them, each keeps its own middleware.
        let toolTokenOnly = router.group(toolPath)
            .add(middleware: AuthMiddleware(authenticator: authenticator, trustedFront: configuration.trustedFront, access: .toolToken, toolScoped: true))
        let deployments = router.group(toolPath)
            .add(middleware: AuthMiddleware(authenticator: authenticator, trustedFront: configuration.trustedFront, access: .deployments, toolScoped: true))
        addConfigRoutes(to: toolTokenOnly)
        addDeployTokenRoutes(to: toolTokenOnly)
        addDeploymentRoutes(readAndCreate: deployments, manage: toolTokenOnly)
        addRollbackRoutes(to: deployments)
        addAutoDeployRoutes(to: toolTokenOnly)
        // Signed by the tool's webhook secret instead of a bearer token.
        addWebhookRoutes(to: router.group(RouterPath("\(prefix)/v1/tool/{tool}/webhook")))
        let images = router.group(RouterPath("\(prefix)/v1/images"))
            .add(middleware: AuthMiddleware(authenticator: authenticator, trustedFront: configuration.trustedFront, access: .toolToken, toolScoped: false))
        addImageRoutes(to: images)
    }
}
