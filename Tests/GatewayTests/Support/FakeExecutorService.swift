import Protocol

/// An executor that answers canned deployments and records what it was asked.
enum FakeExecutorService {
    static let deployID = "20260101-120000-abcdefghij"
    /// A newer deployment, listed for the tool `beta` only.
    static let newerDeployID = "20260102-120000-klmnopqrst"

    static func deployment(tool: String, description: String = "", forceBuild: Bool = false, forceRun: Bool = false, status: Wire.DeploymentStatus = .pending) -> Wire.Deployment {
        Wire.Deployment(
            deployId: deployID, tool: tool, creationTimeMs: 1_767_268_800_000, status: status,
            longStatus: "Waiting to start",
            builds: [
                Wire.DeploymentBuild(component: "api", status: .pending, longStatus: "Not started yet"),
                Wire.DeploymentBuild(component: "worker", buildId: "b-1", buildImage: "sha256:abc", status: .skipped, longStatus: "Reusing existing build", startTimeMs: 1_767_268_800_500, endTimeMs: 1_767_268_801_000),
            ],
            runs: [
                Wire.DeploymentRun(component: "api", status: .pending, longStatus: "Waiting for the builds"),
                Wire.DeploymentRun(component: "worker", status: .pending, longStatus: "Waiting for api"),
            ],
            plan: Wire.Plan(
                steps: [
                    Wire.PlanStep(id: "build:api", component: "api", kind: .build, reason: "New commit", condition: "built"),
                    Wire.PlanStep(id: "build:worker", component: "worker", kind: .skip, reason: "Reusing existing build", skippedKind: "build"),
                    Wire.PlanStep(id: "run:api", component: "api", kind: .run, reason: "New image", needs: ["build:api"], condition: "healthy"),
                ],
                levels: [Wire.PlanLevel(stepIds: ["build:api"]), Wire.PlanLevel(stepIds: ["run:api"])],
                criticalPath: 2),
            configVersion: 1, description: description, forceBuild: forceBuild, forceRun: forceRun,
            // A finished deployment has been checked against its plan.
            planFidelity: status == .successful ? Wire.PlanFidelity(ok: true, violations: []) : nil)
    }

    static func router(created: Recorder<Wire.CreateDeploymentRequest> = Recorder(),
                       rollbacks: Recorder<Wire.RollbackDeploymentRequest> = Recorder()) -> RPCRouter {
        var router = RPCRouter()
        router.register(ExecutorMethod.rollbackDeployment) { request, _ in
            rollbacks.append(request)
            var rollback = deployment(tool: request.tool, description: "Rollback to 20251231-120000-aaaaaaaaaa")
            rollback.rollbackOf = request.deployId.isEmpty ? "20251231-120000-aaaaaaaaaa" : request.deployId
            return Wire.CreateDeploymentResponse(deployment: rollback)
        }
        router.register(ExecutorMethod.createDeployment) { request, _ in
            created.append(request)
            // `beta` has no config (see FakeConfigService).
            if request.tool == "beta" {
                throw RPCError(.failedPrecondition, "the tool beta has no config to deploy; create one with `components config create FILE`")
            }
            return Wire.CreateDeploymentResponse(deployment: deployment(tool: request.tool, description: request.description, forceBuild: request.forceBuild, forceRun: request.forceRun))
        }
        router.register(ExecutorMethod.getDeployment) { request, _ in
            guard request.deployId == deployID else {
                throw RPCError(.notFound, "the tool \(request.tool) has no deployment \(request.deployId)")
            }
            return Wire.DeploymentResponse(deployment: deployment(tool: request.tool))
        }
        router.register(ExecutorMethod.latestDeployment) { request, _ in
            Wire.DeploymentResponse(deployment: deployment(tool: request.tool))
        }
        router.register(ExecutorMethod.listDeployments) { request, _ in
            guard request.tool == "beta" else { return Wire.ListDeploymentsResponse(deployments: [deployment(tool: request.tool)]) }
            // Newest first, as the executor answers.
            var newer = deployment(tool: request.tool, status: .successful)
            newer.deployId = newerDeployID
            return Wire.ListDeploymentsResponse(deployments: [newer, deployment(tool: request.tool, status: .failed)])
        }
        router.register(ExecutorMethod.cancelDeployment) { request, _ in
            Wire.DeploymentResponse(deployment: deployment(tool: request.tool, status: .cancelling))
        }
        router.register(ExecutorMethod.deleteDeployment) { request, _ in
            Wire.DeploymentResponse(deployment: deployment(tool: request.tool, status: .successful))
        }
        router.register(ExecutorMethod.getLogs) { request, _ in
            Wire.GetLogsResponse(lines: ["\(request.component) \(request.source == .build ? "build" : "run") line 1", "line 2"], nextOffset: 42)
        }
        return router
    }
}
