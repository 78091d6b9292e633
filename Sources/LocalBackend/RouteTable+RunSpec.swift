import ExecutorService
import ToolConfig

extension RouteTable.Route {
    /// The route of a component run by `run` on `ports` (at `addresses`, one per port, when
    /// its replicas have their own); nil when it publishes nothing.
    init?(tool: String, component: String, run: RunSpec, ports: [Int], addresses: [String] = []) {
        guard let path = run.publishedPath else { return nil }
        let healthPath: String? = if case .http(let path)? = run.healthCheck { path } else { nil }
        self.init(tool: tool, component: component, path: path, ports: ports, healthPath: healthPath, addresses: addresses)
    }
}
