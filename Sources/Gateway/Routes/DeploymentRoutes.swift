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
            let answer = try await createDeployment(
                Wire.CreateDeploymentRequest(tool: tool, description: options.description, forceBuild: options.forceBuild, forceRun: options.forceRun, onlyPlan: options.onlyPlan))
            guard let deployment = answer.deployment else { throw missing("deployment", from: "executor") }
            metrics.recordDeploymentCreated(onlyPlan: options.onlyPlan)
            let info = creationMessages(options.onlyPlan
                ? "Plan for \(tool) computed; nothing was deployed."
                : "Deployment \(deployment.deployId) for \(tool) created successfully.", answer, tool: tool)
            // Upstream includes the deployed config in the create answer.
            let json = dialect == .toolforge ? await withToolConfig(deployment, for: context.caller) : DeploymentJSON(deployment)
            return try JSONResponse.data(json, messages: APIMessages(info: info))
        }
        readAndCreate.get("deployment") { request, context in
            let tool = try context.tool
            let limit = try request.unsignedInteger("limit", as: UInt32.self) ?? 0
            let answer = try await backends.executor.send(ExecutorMethod.listDeployments, Wire.ListDeploymentsRequest(tool: tool, limit: limit))
            let messages = APIMessages(warning: answer.truncated
                ? ["only the newest \(answer.deployments.count) deployments fit in one answer; older ones are left off"] : [])
            guard dialect == .toolforge else {
                return try JSONResponse.data(DeploymentListJSON(deployments: answer.deployments.map { DeploymentJSON($0) }), messages: messages)
            }
            // Upstream's order, oldest first, each with the config it deploys.
            var configs = ConfigCache()
            var deployments: [DeploymentJSON] = []
            for deployment in answer.deployments.reversed() {
                deployments.append(await withToolConfig(deployment, for: context.caller, cache: &configs))
            }
            return try JSONResponse.data(DeploymentListJSON(deployments: deployments), messages: messages)
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
            return try JSONResponse.data(shaped(DeploymentJSON(deployment)), messages: APIMessages(info: ["Deployment \(deployment.deployId) is \(deployment.status.apiName)."]))
        }
        manage.delete("deployment/{id}") { _, context in
            let deployment = try await deployment(ExecutorMethod.deleteDeployment, context: context)
            return try JSONResponse.data(shaped(DeploymentJSON(deployment)), messages: APIMessages(info: ["Deployment \(deployment.deployId) deleted successfully."]))
        }
    }

    /// The info messages of an answer that created a deployment: `first`, then whether it
    /// replaced a queued one and whether it waits behind a running one.
    func creationMessages(_ first: String, _ answer: Wire.CreateDeploymentResponse, tool: String) -> [String] {
        var info = [first]
        if !answer.replacedDeployId.isEmpty {
            info.append("It replaces the queued deployment \(answer.replacedDeployId).")
        }
        if answer.deployment?.queued == true {
            info.append("It waits for the running deployment of \(tool) to finish.")
        }
        return info
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
        var cache = ConfigCache()
        return await withToolConfig(deployment, for: caller, cache: &cache)
    }

    /// Like ``withToolConfig(_:for:)``, fetching each config version once for a list.
    private func withToolConfig(_ deployment: Wire.Deployment, for caller: Caller?, cache: inout ConfigCache) async -> DeploymentJSON {
        guard deployment.configVersion > 0 else { return shaped(DeploymentJSON(deployment)) }
        let canonical: String?
        if let known = cache[deployment.configVersion] {
            canonical = known
        } else {
            let answer = await backends.config.result(
                ConfigMethod.getConfig, Wire.GetConfigRequest(tool: deployment.tool, version: deployment.configVersion), timeout: .seconds(2))
            canonical = (try? answer.get())?.config?.canonicalJson
            cache[deployment.configVersion] = canonical
        }
        var config = canonical.flatMap { dialect == .toolforge ? UpstreamShapes.config(canonical: $0) : JSONValue.parse($0) }
        if caller?.kind != .tool { config = config?.withEnvValuesRedacted() }
        var json = shaped(DeploymentJSON(deployment, toolConfig: config))
        if let config, let address = configuration.toolAddress {
            for (component, url) in PublishedAddresses.urls(config: config, tool: deployment.tool, address: address) {
                json.runs[component]?.url = url
            }
        }
        return json
    }

    /// Config versions already fetched for one answer, by version; a nil value is one
    /// the config service could not give.
    private typealias ConfigCache = [UInt32: String?]

    /// The deployment in this dialect's shape.
    private func shaped(_ json: DeploymentJSON) -> DeploymentJSON {
        dialect == .toolforge ? UpstreamShapes.deployment(json) : json
    }

    /// Creates a deployment. Upstream answers 404 when the tool has no config to deploy;
    /// the executor's refusal (a failed precondition, 409 on /v1) becomes that here.
    private func createDeployment(_ request: Wire.CreateDeploymentRequest) async throws(GatewayError) -> Wire.CreateDeploymentResponse {
        do {
            return try await backends.executor.send(ExecutorMethod.createDeployment, request)
        } catch where error.status == .conflict && dialect == .toolforge {
            if case .failure(let lookup) = await backends.config.result(ConfigMethod.getConfig, Wire.GetConfigRequest(tool: request.tool, version: 0)),
               lookup.code == .notFound {
                throw GatewayError(.notFound, error.message)
            }
            throw error
        }
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
