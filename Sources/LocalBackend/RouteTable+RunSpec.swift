import ExecutorService
import ToolConfig

extension RouteTable.Route {
    /// The route of a component run by `run` on `ports`; nil when it publishes nothing.
    init?(tool: String, component: String, run: RunSpec, ports: Range<Int>) {
        guard let path = run.publishedPath else { return nil }
        let healthPath: String? = if case .http(let path)? = run.healthCheck { path } else { nil }
        self.init(tool: tool, component: component, path: path, ports: Array(ports), healthPath: healthPath)
    }
}
