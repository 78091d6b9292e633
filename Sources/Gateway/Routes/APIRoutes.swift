import Hummingbird
import Protocol

/// The JSON API under one path prefix (`""` or `/components`, the path the Toolforge API
/// gateway uses), every route behind ``AuthMiddleware``.
struct APIRoutes {
    let backends: BackendClients
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics

    func register(on router: Router<GatewayRequestContext>, prefix: String) {
        let toolPath = RouterPath("\(prefix)/v1/tool/{tool}")
        // Two groups on one path: the trie merges them, each keeps its own middleware.
        let toolTokenOnly = router.group(toolPath)
            .add(middleware: AuthMiddleware(config: backends.config, access: .toolToken, toolScoped: true))
        let deployments = router.group(toolPath)
            .add(middleware: AuthMiddleware(config: backends.config, access: .deployments, toolScoped: true))
        addConfigRoutes(to: toolTokenOnly)
        addDeployTokenRoutes(to: toolTokenOnly)
        addDeploymentRoutes(readAndCreate: deployments, manage: toolTokenOnly)
        let images = router.group(RouterPath("\(prefix)/v1/images"))
            .add(middleware: AuthMiddleware(config: backends.config, access: .toolToken, toolScoped: false))
        addImageRoutes(to: images)
    }
}
