import Foundation
import Protocol

extension ExecutorServiceCore {
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
        for record in try await store.unfinished() {
            let recorder = DeploymentRecorder(executorStore: store, logger: logger, deployID: record.deployId)
            try await recorder.deployment(.executorRestarted, "Failed: the executor restarted during the deployment; deploy again")
            try await recorder.abandonPendingSteps("Skipped: the executor restarted")
            try await failRunningSteps(record.deployId, recorder: recorder)
        }
        for tool in try await store.toolsWithComponents() {
            for state in try await store.componentStates(tool: tool) where state.type != .oneOff {
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
        guard let snapshot = try await store.snapshot(deployID) else { return }
        for build in snapshot.builds where build.status == .running {
            try await recorder.build(.fail, of: build.component, "Interrupted: the executor restarted")
        }
        for run in snapshot.runs where run.status == .running {
            try await recorder.run(.fail, of: run.component, "Interrupted: the executor restarted")
        }
    }
}
