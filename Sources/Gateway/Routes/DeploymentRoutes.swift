import ComponentsAPI
import Hummingbird
import Protocol

extension APIRoutes {
    /// `deployment` (POST, GET list), `deployment/latest`, `deployment/{id}` (GET, DELETE),
    /// `deployment/{id}/cancel` (PUT) and `deployment/{id}/logs` (GET). Creating and reading
    /// take deploy tokens too, which travel in URLs, so they see the config's env values as
    /// `***`; cancelling, deleting and logs (which may print secrets) take the tool token.
    /// `{id}` may be `latest`.
    func addDeploymentRoutes(readAndCreate: RouterGroup<GatewayRequestContext>, manage: RouterGroup<GatewayRequestContext>) {
        readAndCreate.post("deployment") { request, context in
            let tool = try context.tool
            let options = try await DeploymentRequest.parse(request, limit: configuration.maximumBodySize)
            let answer = try await backends.executor.send(
                ExecutorMethod.createDeployment,
                Wire.CreateDeploymentRequest(tool: tool, description: options.description, forceBuild: options.forceBuild, forceRun: options.forceRun, onlyPlan: options.onlyPlan))
            guard let deployment = answer.deployment else { throw missing("deployment", from: "executor") }
            metrics.recordDeploymentCreated(onlyPlan: options.onlyPlan)
            var info = [options.onlyPlan
                ? "Plan for \(tool) computed; nothing was deployed."
                : "Deployment \(deployment.deployId) for \(tool) created successfully."]
            if !answer.replacedDeployId.isEmpty {
                info.append("It replaces the queued deployment \(answer.replacedDeployId).")
            }
            if deployment.queued {
                info.append("It waits for the running deployment of \(tool) to finish.")
            }
            return try JSONResponse.data(DeploymentJSON(deployment), messages: APIMessages(info: info))
        }
        readAndCreate.get("deployment") { request, context in
            let tool = try context.tool
            let limit = try request.unsignedInteger("limit", as: UInt32.self) ?? 0
            let answer = try await backends.executor.send(ExecutorMethod.listDeployments, Wire.ListDeploymentsRequest(tool: tool, limit: limit))
            let messages = APIMessages(warning: answer.truncated
                ? ["only the newest \(answer.deployments.count) deployments fit in one answer; older ones are left off"] : [])
            return try JSONResponse.data(DeploymentListJSON(deployments: answer.deployments.map { DeploymentJSON($0) }), messages: messages)
        }
        readAndCreate.get("deployment/latest") { _, context in
            let deployment = try await latestDeployment(tool: try context.tool)
            return try JSONResponse.data(await withToolConfig(deployment, for: context.caller))
        }
        readAndCreate.get("deployment/{id}") { _, context in
            let deployment = try await deployment(ExecutorMethod.getDeployment, context: context)
            return try JSONResponse.data(await withToolConfig(deployment, for: context.caller))
        }
        manage.get("deployment/{id}/logs") { request, context in
            try await logs(request, context: context)
        }
        manage.put("deployment/{id}/cancel") { _, context in
            let deployment = try await deployment(ExecutorMethod.cancelDeployment, context: context)
            return try JSONResponse.data(DeploymentJSON(deployment), messages: APIMessages(info: ["Deployment \(deployment.deployId) is \(deployment.status.apiName)."]))
        }
        manage.delete("deployment/{id}") { _, context in
            let deployment = try await deployment(ExecutorMethod.deleteDeployment, context: context)
            return try JSONResponse.data(DeploymentJSON(deployment), messages: APIMessages(info: ["Deployment \(deployment.deployId) deleted successfully."]))
        }
    }

    /// Calls `method` with the `{id}` of the path (`latest` resolved first).
    private func deployment(_ method: RPCMethod<Wire.DeploymentRef, Wire.DeploymentResponse>, context: GatewayRequestContext) async throws(GatewayError) -> Wire.Deployment {
        let tool = try context.tool
        let id = try await deployID(context: context, tool: tool)
        let answer = try await backends.executor.send(method, Wire.DeploymentRef(tool: tool, deployId: id))
        guard let deployment = answer.deployment else { throw missing("deployment", from: "executor") }
        return deployment
    }

    private func deployID(context: GatewayRequestContext, tool: String) async throws(GatewayError) -> String {
        let id = try context.pathParameter("id")
        if id == "latest" {
            return try await latestDeployment(tool: tool).deployId
        }
        guard DeploymentIDText.isValid(id) else {
            throw .badRequest("\"\(id.prefix(100))\" is not a deployment id; ids look like 20260101-120000-abcdefghij")
        }
        return id
    }

    private func latestDeployment(tool: String) async throws(GatewayError) -> Wire.Deployment {
        let answer = try await backends.executor.send(ExecutorMethod.latestDeployment, Wire.LatestDeploymentRequest(tool: tool))
        guard let deployment = answer.deployment else { throw missing("deployment", from: "executor") }
        return deployment
    }

    /// The deployment with the config it deploys as `tool_config`, or `null` when the config
    /// service cannot tell (the deployment itself is still worth answering). A deploy token's
    /// caller sees every env value as `***`.
    private func withToolConfig(_ deployment: Wire.Deployment, for caller: Caller?) async -> DeploymentJSON {
        guard deployment.configVersion > 0 else { return DeploymentJSON(deployment) }
        let answer = await backends.config.result(
            ConfigMethod.getConfig, Wire.GetConfigRequest(tool: deployment.tool, version: deployment.configVersion), timeout: .seconds(2))
        var config = (try? answer.get())?.config.flatMap { JSONValue.parse($0.canonicalJson) }
        if caller?.kind != .tool { config = config?.withEnvValuesRedacted() }
        var json = DeploymentJSON(deployment, toolConfig: config)
        if let config, let address = configuration.toolAddress {
            for (component, url) in PublishedAddresses.urls(config: config, tool: deployment.tool, address: address) {
                json.runs[component]?.url = url
            }
        }
        return json
    }

    /// `?component=NAME&source=run|build&tail=N&offset=N`.
    private func logs(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let tool = try context.tool
        let id = try await deployID(context: context, tool: tool)
        let source: Wire.LogSource
        switch request.query("source") ?? "run" {
        case "run": source = .run
        case "build": source = .build
        case let other: throw GatewayError.badRequest("source must be run or build, not \"\(other)\"")
        }
        let component = request.query("component") ?? ""
        let logsRequest = Wire.GetLogsRequest(
            tool: tool, deployId: id, component: component, source: source,
            tail: try request.unsignedInteger("tail", as: UInt32.self) ?? 0,
            offset: try request.unsignedInteger("offset", as: UInt64.self) ?? 0)
        let answer = try await backends.executor.send(ExecutorMethod.getLogs, logsRequest)
        return try JSONResponse.data(LogsJSON(
            deployID: id, component: component, source: source == .run ? "run" : "build",
            lines: answer.lines, nextOffset: answer.nextOffset))
    }
}
