import Foundation
import Logging
import Protocol
import PlannerService
import ToolConfig

/// Carries out a persisted deployment: builds (in parallel, up to a limit) behind a barrier,
/// then runs in dependency order, then stops. Each status change is committed through the
/// store before the work it announces starts.
public struct DeploymentRunner: Sendable {
    let store: ExecutorStore
    let backend: any DeploymentBackend
    let logger: Logger
    let buildConcurrency: Int
    let metrics: ServiceMetrics?

    /// Creates a runner.
    public init(store: ExecutorStore, backend: any DeploymentBackend, logger: Logger, buildConcurrency: Int = 2, metrics: ServiceMetrics? = nil) {
        self.store = store
        self.backend = backend
        self.logger = logger
        self.buildConcurrency = max(1, buildConcurrency)
        self.metrics = metrics
    }

    /// Counts one event of a deployment in the executor's metrics.
    func count(_ name: String, _ help: String, labels: [(String, String)] = []) {
        metrics?.increment(name, help: help, labels: labels)
    }

    /// Runs `job` to its end and answers the final status.
    @discardableResult
    public func execute(_ job: DeploymentJob, stop: StopSignal = StopSignal()) async -> DeploymentStatus {
        let status = await carryOut(job, stop: stop)
        checkPlanFidelity(job)
        count("deployments_finished", "Deployments that ended, by final status.", labels: [("status", status.rawValue)])
        return status
    }

    /// Records that a plan step started or ended, for the plan-fidelity check. A failure to
    /// record is logged; the check then reports the step, never hides a departure.
    func note(_ kind: StepEvent.Kind, _ stepID: String, of job: DeploymentJob) {
        do {
            try store.record(kind, step: stepID, of: job.deployID)
        } catch {
            logger.error("recording a plan step failed", metadata: ["deploy_id": "\(job.deployID)", "step": "\(stepID)", "error": "\(error)"])
        }
    }

    /// Passes a barrier of the plan: it does no work, its needs ended before this.
    func pass(barrier id: String, of job: DeploymentJob) {
        guard job.plan.steps.contains(where: { $0.id == id && $0.kind == .barrier }) else { return }
        note(.started, id, of: job)
        note(.ended, id, of: job)
    }

    /// Checks the recorded steps against the plan, keeps the result with the deployment and
    /// logs any departure.
    private func checkPlanFidelity(_ job: DeploymentJob) {
        do {
            let fidelity = PlanFidelity(plan: job.plan, events: try store.stepEvents(of: job.deployID))
            try store.savePlanFidelity(fidelity, of: job.deployID)
            if !fidelity.ok {
                logger.warning("deployment departed from its plan", metadata: ["deploy_id": "\(job.deployID)", "violations": "\(fidelity.violations)"])
            }
        } catch {
            logger.error("checking plan fidelity failed", metadata: ["deploy_id": "\(job.deployID)", "error": "\(error)"])
        }
    }

    private func carryOut(_ job: DeploymentJob, stop: StopSignal) async -> DeploymentStatus {
        do {
            try store.apply(.start, to: job.deployID, longStatus: "Building images")
            let builds = await BuildPhase(runner: self, job: job).execute()
            if let failure = builds.failure {
                return try finish(job, stop: stop, failure: failure)
            }
            pass(barrier: PlanStep.buildsBarrierID, of: job)
            try store.setLongStatus(job.deployID, "Deploying components")
            let runs = await RunPhase(runner: self, job: job, images: builds.images).execute()
            if let failure = runs {
                return try finish(job, stop: stop, failure: failure)
            }
            if Task.isCancelled {
                return try finish(job, stop: stop, failure: "Cancelled")
            }
            pass(barrier: PlanStep.runsBarrierID, of: job)
            await stopRemoved(job)
            return try finish(job, stop: stop, failure: nil)
        } catch {
            logger.error("deployment failed in the executor", metadata: ["deploy_id": "\(job.deployID)", "error": "\(error)"])
            _ = try? store.apply(.fail, to: job.deployID, longStatus: "The executor failed: \(error)")
            return .failed
        }
    }

    private func finish(_ job: DeploymentJob, stop: StopSignal, failure: String?) throws -> DeploymentStatus {
        switch stop.value {
        case .cancelled:
            return try store.apply(.cancelled, to: job.deployID, longStatus: "Cancelled; components that already ran were left as they were").status
        case .timedOut:
            return try store.apply(.timeOut, to: job.deployID, longStatus: "Timed out: \(failure ?? "still running past the deployment timeout")").status
        case nil:
            if let failure {
                return try store.apply(.fail, to: job.deployID, longStatus: failure).status
            }
            return try store.apply(.succeed, to: job.deployID, longStatus: "All components deployed").status
        }
    }

    private func stopRemoved(_ job: DeploymentJob) async {
        let states = (try? store.componentStates(tool: job.tool)) ?? []
        for step in job.plan.steps where step.kind == .stop {
            do {
                try store.apply(.start, toRunOf: step.component, in: job.deployID, longStatus: "Stopping: removed from the config")
                note(.started, step.id, of: job)
                defer { note(.ended, step.id, of: job) }
                let processes = states.first { $0.component == step.component }?.processes ?? []
                await backend.stop(tool: job.tool, component: step.component, processes: processes)
                try store.deleteComponentState(tool: job.tool, component: step.component)
                try store.apply(.succeed, toRunOf: step.component, in: job.deployID, longStatus: "Stopped: removed from the config")
            } catch {
                logger.error("stopping a removed component failed", metadata: ["component": "\(step.component)", "error": "\(error)"])
            }
        }
    }
}
