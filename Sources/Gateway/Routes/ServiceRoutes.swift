import Hummingbird
import Protocol

extension Router where Context == GatewayRequestContext {
    /// `GET /openapi.yaml` and `GET /metrics`, public like `/v1/healthz`. `/metrics` holds
    /// the gateway's metrics and those each reachable service exports.
    func addServiceRoutes(prefix: String, metrics: GatewayMetrics, backends: BackendClients) {
        // Read here, not in the handler: a missing resource then stops the start, not a request.
        let document = OpenAPIDocument.yaml
        get(RouterPath("\(prefix)/openapi.yaml")) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: document))
        }
        get(RouterPath("\(prefix)/metrics")) { _, _ in
            var text = metrics.exposition()
            for client in backends.withMetrics {
                // A service that is down only leaves its own lines out.
                if case .success(let answer) = await client.result(ComponentsMethod.metrics, Wire.MetricsRequest(), timeout: .seconds(1)) {
                    text += Array(answer.text.utf8)
                }
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
