import ComponentsAPI
import Hummingbird
import Protocol

extension APIRoutes {
    /// `deployment/{id}/rollback` (POST): a new deployment of what that successful deployment
    /// ran, its config version and images, with no build; `deployment/rollback` (POST) picks
    /// the newest successful deployment before the latest one. `only-plan` and `description`
    /// as for `POST deployment`. A deploy token may call both, as it may deploy.
    func addRollbackRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("deployment/rollback") { request, context in
            try await rollback(request, context: context, target: "")
        }
        group.post("deployment/{id}/rollback") { request, context in
            try await rollback(request, context: context, target: try rollbackTargetID(context))
        }
    }

    private func rollback(_ request: Request, context: GatewayRequestContext, target: String) async throws -> Response {
        let tool = try context.tool
        let options = try await DeploymentRequest.parse(request, limit: configuration.maximumBodySize)
        guard !options.forceBuild, !options.forceRun else {
            throw GatewayError.badRequest("a rollback builds nothing and restarts what differs from the target; force-build and force-run do not apply")
        }
        let answer = try await backends.executor.send(
            ExecutorMethod.rollbackDeployment,
            Wire.RollbackDeploymentRequest(tool: tool, deployId: target, description: options.description, onlyPlan: options.onlyPlan))
        guard let deployment = answer.deployment else { throw missing("deployment", from: "executor") }
        metrics.recordDeploymentCreated(onlyPlan: options.onlyPlan)
        let info = creationMessages(options.onlyPlan
            ? "Plan of the rollback of \(tool) to \(deployment.rollbackOf) computed; nothing was deployed."
            : "Deployment \(deployment.deployId) for \(tool) created successfully: a rollback to \(deployment.rollbackOf).", answer, tool: tool)
        return try JSONResponse.data(DeploymentJSON(deployment), messages: APIMessages(info: info))
    }

    private func rollbackTargetID(_ context: GatewayRequestContext) throws(GatewayError) -> String {
        let id = try context.pathParameter("id")
        guard DeploymentIDText.isValid(id) else {
            throw .badRequest("\"\(id.prefix(100))\" is not a deployment id; ids look like 20260101-120000-abcdefghij")
        }
        return id
    }
}
