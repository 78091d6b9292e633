import Foundation
import Protocol

extension ExecutorServiceCore {
    /// A router with every executor method.
    public func router() -> RPCRouter {
        var router = RPCRouter()
        router.register(ExecutorMethod.createDeployment) { (request: Wire.CreateDeploymentRequest, _) in try await self.create(request) }
        router.register(ExecutorMethod.getDeployment) { (request: Wire.DeploymentRef, _) in
            Wire.DeploymentResponse(deployment: try self.snapshot(request).wire)
        }
        router.register(ExecutorMethod.latestDeployment) { (request: Wire.LatestDeploymentRequest, _) in
            guard let latest = try self.store.list(tool: request.tool, limit: 1).first else {
                throw RPCError(.notFound, "the tool \(request.tool) has no deployments yet; create one with `components deployment create`")
            }
            return Wire.DeploymentResponse(deployment: latest.wire)
        }
        router.register(ExecutorMethod.listDeployments) { (request: Wire.ListDeploymentsRequest, _) in
            let limit = request.limit == 0 ? self.configuration.keepDeployments : Int(request.limit)
            return Wire.ListDeploymentsResponse(deployments: try self.store.list(tool: request.tool, limit: limit).map(\.wire))
        }
        router.register(ExecutorMethod.cancelDeployment) { (request: Wire.DeploymentRef, _) in
            let current = try self.snapshot(request)
            guard !current.deployment.status.isFinal else {
                throw RPCError(.failedPrecondition, "deployment \(request.deployId) is already \(current.deployment.status.rawValue)")
            }
            _ = try await self.queue.cancel(tool: request.tool, deployID: request.deployId)
            return Wire.DeploymentResponse(deployment: try self.snapshot(request).wire)
        }
        router.register(ExecutorMethod.deleteDeployment) { (request: Wire.DeploymentRef, _) in
            let current = try self.snapshot(request)
            _ = try await self.store.delete(request.deployId)
            return Wire.DeploymentResponse(deployment: current.wire)
        }
        router.register(ExecutorMethod.getComponentStates) { (request: Wire.GetComponentStatesRequest, _) in
            Wire.GetComponentStatesResponse(states: try await self.componentStates(tool: request.tool))
        }
        router.register(ExecutorMethod.getLogs) { (request: Wire.GetLogsRequest, _) in try self.logs(request) }
        return router
    }

    func snapshot(_ ref: Wire.DeploymentRef) throws -> DeploymentSnapshot {
        guard DeploymentID.isValid(ref.deployId) else {
            throw RPCError(.invalidArgument, "\"\(ref.deployId)\" is not a deployment id (YYYYMMDD-HHMMSS-xxxxxxxxxx)")
        }
        guard let snapshot = try store.snapshot(ref.deployId), snapshot.deployment.tool == ref.tool else {
            throw RPCError(.notFound, "the tool \(ref.tool) has no deployment \(ref.deployId)")
        }
        return snapshot
    }

    /// The most bytes of log one answer carries; a follower asks again from `nextOffset`.
    static let logChunkBytes = 256 * 1024

    /// The last `tail` lines of a build or run log, or the lines after `offset` to follow it.
    /// Offsets are ``LogFile``'s logical ones, which stay valid when the file is rotated.
    func logs(_ request: Wire.GetLogsRequest) throws -> Wire.GetLogsResponse {
        let deployment = try snapshot(Wire.DeploymentRef(tool: request.tool, deployId: request.deployId))
        guard !request.component.contains("/"), !request.component.hasPrefix(".") else {
            throw RPCError(.invalidArgument, "\"\(request.component)\" is not a component name")
        }
        let phase = request.source == .build ? "build" : "run"
        let log = LogFile(url: configuration.logFolder(request.deployId).appendingPathComponent("\(request.component).\(phase).log"))
        guard FileManager.default.fileExists(atPath: log.url.path) else {
            throw RPCError(.notFound, "no \(phase) log for \(request.component) in deployment \(request.deployId)")
        }
        // A finished build wrote its last byte: a last line without a newline will stay so.
        // A run's process may outlive its step, so its unfinished line waits for the newline.
        let writerEnded = request.source == .build
            && deployment.builds.contains { $0.component == request.component && $0.status.isFinal }
        let chunk = request.offset > 0 || request.tail == 0
            ? log.read(from: request.offset, maxBytes: Self.logChunkBytes, includePartialLine: writerEnded)
            : log.lastLines(Int(request.tail), includePartialLine: writerEnded)
        return Wire.GetLogsResponse(lines: chunk.lines, nextOffset: chunk.nextOffset)
    }

    /// After a restart: deployments left unfinished fail with a clear reason (their steps may
    /// have been half done); continuous components are re-adopted or restarted. Throws when
    /// the store cannot be read or written: serving from records it cannot trust would be
    /// worse than not starting.
    public func recover() async throws {
        // One-offs a killed executor left running belong to deployments that now fail.
        for (tool, component, process) in try await store.takeAllInflight() {
            await backend.stop(tool: tool, component: component, processes: [process])
            logger.info("stopped a one-off left by the previous executor", metadata: ["tool": "\(tool)", "component": "\(component)", "pid": "\(process.pid)"])
        }
        for record in try store.unfinished() {
            let recorder = DeploymentRecorder(executorStore: store, logger: logger, deployID: record.deployId)
            try await recorder.deployment(.executorRestarted, "Failed: the executor restarted during the deployment; deploy again")
            try await recorder.abandonPendingSteps("Skipped: the executor restarted")
            try await failRunningSteps(record.deployId, recorder: recorder)
        }
        for tool in try store.toolsWithComponents() {
            for state in try store.componentStates(tool: tool) where state.type != "one-off" {
                do {
                    let logFile = configuration.logFolder(state.deployId).appendingPathComponent("\(state.component).run.log")
                    let outcome = try await backend.recover(state, logFile: logFile)
                    var updated = state
                    updated.processes = outcome.processes
                    updated.port = outcome.port ?? state.port
                    try await store.saveComponentState(updated)
                    logger.info("recovered component", metadata: ["tool": "\(tool)", "component": "\(state.component)", "how": "\(outcome.summary)"])
                } catch {
                    logger.error("could not recover component", metadata: ["tool": "\(tool)", "component": "\(state.component)", "error": "\(error)"])
                }
            }
        }
    }

    private func failRunningSteps(_ deployID: String, recorder: DeploymentRecorder) async throws {
        guard let snapshot = try store.snapshot(deployID) else { return }
        for build in snapshot.builds where build.status == .running {
            try await recorder.build(.fail, of: build.component, "Interrupted: the executor restarted")
        }
        for run in snapshot.runs where run.status == .running {
            try await recorder.run(.fail, of: run.component, "Interrupted: the executor restarted")
        }
    }
}
