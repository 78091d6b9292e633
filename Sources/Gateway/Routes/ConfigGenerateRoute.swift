import ComponentsAPI
import Hummingbird
import Protocol

extension APIRoutes {
    /// `config/generate` (GET), upstream's: a config for the tool. Upstream derives it from
    /// the tool's jobs; here it is the config of the latest successful deployment (what
    /// runs now), or upstream's sample when nothing was deployed.
    func addConfigGenerateRoute(to group: RouterGroup<GatewayRequestContext>) {
        group.get("config/generate") { _, context in
            let tool = try context.tool
            let latest = await backends.executor.result(
                ExecutorMethod.listDeployments, Wire.ListDeploymentsRequest(tool: tool, limit: 0), timeout: .seconds(5))
            let running = (try? latest.get())?.deployments.first { $0.status == .successful && $0.configVersion > 0 }
            if let running {
                let stored = try await latestConfig(tool: tool, version: running.configVersion)
                return try JSONResponse.data(
                    try upstreamConfig(stored),
                    messages: APIMessages(info: ["Generated from what deployment \(running.deployId) runs (config version \(running.configVersion))."]))
            }
            return try JSONResponse.data(
                UpstreamShapes.sampleConfig,
                messages: APIMessages(info: ["Nothing is deployed for \(tool) yet; this is a sample config to start from."]))
        }
    }
}
