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
    /// The shapes the routes answer in; set from the prefix by ``register(on:prefix:)``.
    var dialect = APIDialect.components

    func register(on router: Router<GatewayRequestContext>, prefix: String) {
        var routes = self
        routes.dialect = APIDialect(prefix: prefix)
        routes.registerRoutes(on: router, prefix: prefix)
    }

    private func registerRoutes(on router: Router<GatewayRequestContext>, prefix: String) {
        let toolPath = RouterPath("\(prefix)/v1/tool/{tool}")
        // Two groups on one path: the trie merges them, each keeps its own middleware.
        let toolTokenOnly = router.group(toolPath)
            .add(middleware: AuthMiddleware(authenticator: authenticator, trustedFront: configuration.trustedFront, access: .toolToken, toolScoped: true, clientCertificates: configuration.clientCertificatesAuthenticate))
        let deployments = router.group(toolPath)
            .add(middleware: AuthMiddleware(authenticator: authenticator, trustedFront: configuration.trustedFront, access: .deployments, toolScoped: true, clientCertificates: configuration.clientCertificatesAuthenticate))
        addConfigRoutes(to: toolTokenOnly)
        if dialect == .toolforge { addConfigGenerateRoute(to: toolTokenOnly) }
        addDeployTokenRoutes(to: toolTokenOnly)
        addDeploymentRoutes(readAndCreate: deployments, manage: toolTokenOnly)
        addRollbackRoutes(to: deployments)
        addAutoDeployRoutes(to: toolTokenOnly)
        // Signed by the tool's webhook secret instead of a bearer token.
        addWebhookRoutes(to: router.group(RouterPath("\(prefix)/v1/tool/{tool}/webhook")))
        let images = router.group(RouterPath("\(prefix)/v1/images"))
            .add(middleware: AuthMiddleware(authenticator: authenticator, trustedFront: configuration.trustedFront, access: .toolToken, toolScoped: false, clientCertificates: configuration.clientCertificatesAuthenticate))
        addImageRoutes(to: images)
    }
}
