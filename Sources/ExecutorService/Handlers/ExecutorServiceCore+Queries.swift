import Foundation
import Protocol

extension ExecutorServiceCore {
    /// A router with every executor method.
    public func router() -> RPCRouter {
        var router = RPCRouter()
        router.register(ExecutorMethod.createDeployment) { request, _ in try await self.create(request) }
        router.register(ExecutorMethod.rollbackDeployment) { request, _ in try await self.rollback(request) }
        router.register(ExecutorMethod.getDeployment) { request, _ in
            Wire.DeploymentResponse(deployment: try await self.wireWithUsage(try await self.snapshot(request)))
        }
        router.register(ExecutorMethod.latestDeployment) { request, _ in
            guard let latest = try await self.store.list(tool: request.tool, limit: 1).first else {
                throw RPCError(.notFound, "the tool \(request.tool) has no deployments yet; create one with `components deployment create`")
            }
            return Wire.DeploymentResponse(deployment: try await self.wireWithUsage(latest))
        }
        router.register(ExecutorMethod.listDeployments) { request, _ in
            let limit = request.limit == 0 ? self.configuration.keepDeployments : Int(request.limit)
            return Self.listAnswer(try await self.store.list(tool: request.tool, limit: limit).map(\.wire))
        }
        router.register(ExecutorMethod.cancelDeployment) { request, _ in
            let current = try await self.snapshot(request)
            guard !current.deployment.status.isFinal else {
                throw RPCError(.failedPrecondition, "deployment \(request.deployId) is already \(current.deployment.status.rawValue)")
            }
            _ = try await self.queue.cancel(tool: request.tool, deployID: request.deployId)
            return Wire.DeploymentResponse(deployment: try await self.snapshot(request).wire)
        }
        router.register(ExecutorMethod.deleteDeployment) { request, _ in
            let current = try await self.snapshot(request)
            _ = try await self.store.delete(request.deployId)
            return Wire.DeploymentResponse(deployment: current.wire)
        }
        router.register(ExecutorMethod.getComponentStates) { request, _ in
            Wire.GetComponentStatesResponse(states: try await self.componentStates(tool: request.tool))
        }
        router.register(ExecutorMethod.getLogs) { request, _ in try await self.logs(request) }
        return router
    }

    func snapshot(_ ref: Wire.DeploymentRef) async throws -> DeploymentSnapshot {
        guard DeploymentID.isValid(ref.deployId) else {
            throw RPCError(.invalidArgument, "\"\(ref.deployId)\" is not a deployment id (YYYYMMDD-HHMMSS-xxxxxxxxxx)")
        }
        guard let snapshot = try await store.snapshot(ref.deployId), snapshot.deployment.tool == ref.tool else {
            throw RPCError(.notFound, "the tool \(ref.tool) has no deployment \(ref.deployId)")
        }
        return snapshot
    }

    /// Most bytes of deployments in one list answer, well below the frame limit.
    static let listAnswerBytes = 2 << 20

    /// `deployments`, newest first, as many as fit in ``listAnswerBytes`` (always the first).
    static func listAnswer(_ deployments: [Wire.Deployment]) -> Wire.ListDeploymentsResponse {
        var kept: [Wire.Deployment] = []
        var bytes = 0
        for deployment in deployments {
            bytes += deployment.protobufBytes().count
            if !kept.isEmpty, bytes > listAnswerBytes {
                return Wire.ListDeploymentsResponse(deployments: kept, truncated: true)
            }
            kept.append(deployment)
        }
        return Wire.ListDeploymentsResponse(deployments: kept, truncated: false)
    }
}
