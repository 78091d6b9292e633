import Hummingbird

extension Router where Context == GatewayRequestContext {
    /// `GET /openapi.yaml` and `GET /metrics`, public like `/v1/healthz`.
    func addServiceRoutes(prefix: String, metrics: GatewayMetrics) {
        get(RouterPath("\(prefix)/openapi.yaml")) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        get(RouterPath("\(prefix)/metrics")) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }
}
