import ComponentsAPI
import Hummingbird
import Protocol

extension Router {
    /// `GET {prefix}/v1/healthz`: 200 when every service answers, 503 naming the ones that do
    /// not; under `/components` in upstream's shape, `{"status": "OK"|"ERROR"}`.
    func addHealthRoutes(backends: BackendClients, prefix: String = "") {
        get(RouterPath("\(prefix)/v1/healthz")) { _, _ -> Response in
            let results = await withTaskGroup(of: (String, HealthJSON.Service).self) { group in
                for (name, client) in backends.all {
                    group.addTask {
                        do throws(RPCError) {
                            let answer = try await client.call(ComponentsMethod.health, Wire.Hello(), timeout: .seconds(2))
                            return (name, HealthJSON.Service(status: answer.service == name ? "ok" : "wrong service", message: nil))
                        } catch {
                            return (name, HealthJSON.Service(status: "unavailable", message: error.message))
                        }
                    }
                }
                return await group.reduce(into: [String: HealthJSON.Service]()) { $0[$1.0] = $1.1 }
            }
            let healthy = results.values.allSatisfy { $0.status == "ok" }
            let errors = results.sorted { $0.key < $1.key }.compactMap { name, health in
                health.status == "ok" ? nil : "the \(name) service is \(health.status): \(health.message ?? "")"
            }
            let status: HTTPResponse.Status = healthy ? .ok : .serviceUnavailable
            if APIDialect(prefix: prefix) == .toolforge {
                // Upstream's HealthState: only `OK` or `ERROR`.
                let state = UpstreamHealthJSON(status: healthy ? .ok : .error)
                return try JSONResponse.make(APIResponse(data: state, messages: APIMessages(error: errors)), status: status)
            }
            let report = HealthJSON(status: healthy ? "ok" : "degraded", services: results)
            return try JSONResponse.make(APIResponse(data: report, messages: APIMessages(error: errors)), status: status)
        }
    }
}
