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
    /// Plans a job again when it starts, against what runs then; nil keeps the plan it has.
    var replan: (@Sendable (DeploymentJob) async throws -> DeploymentJob)?

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

    /// Runs `job` to its end and answers the final status. A cancel or timeout sent on
    /// `stops` interrupts the phase in flight, and the deployment ends with that cause.
    @discardableResult
    public func execute(_ job: DeploymentJob, stops: AsyncStream<DeploymentStop> = AsyncStream { $0.finish() }) async -> DeploymentStatus {
        let recorder = DeploymentRecorder(executorStore: store, logger: logger, deployID: job.deployID)
        var job = job
        var replanFailure: String?
        if let replan {
            do {
                job = try await replan(job)
            } catch {
                logger.error("a deployment could not be planned again at its start", metadata: ["deploy_id": "\(job.deployID)", "error": "\(error)"])
                replanFailure = "Could not plan the deployment again against what runs now: \(error)"
            }
        }
        let status = await carryOut(job, stops: stops, recorder: recorder, replanFailure: replanFailure)
        await checkPlanFidelity(job)
        count("deployments_finished", "Deployments that ended, by final status.", labels: [("status", status.rawValue)])
        return status
    }

    /// Feeds what happened to the deployment's lifecycle and performs the action it answers,
    /// until it finishes.
    private func carryOut(_ job: DeploymentJob, stops: AsyncStream<DeploymentStop>, recorder: DeploymentRecorder,
                          replanFailure: String?) async -> DeploymentStatus {
        var lifecycle = DeploymentLifecycle()
        var event = DeploymentLifecycle.Event.begin
        var images: [String: BuiltImage] = [:]
        while true {
            let action = lifecycle.handle(event)
            do throws(DeploymentRecorder.StoreFailure) {
                switch action {
                case .startBuilds(let longStatus):
                    try await recorder.deployment(.start, longStatus)
                    if let replanFailure {
                        event = .buildsEnded(failure: replanFailure)
                        continue
                    }
                    let builds = try await interruptible(&lifecycle, stops: stops) { () async throws(DeploymentRecorder.StoreFailure) in
                        try await BuildPhase(runner: self, job: job, recorder: recorder).execute()
                    }
                    images = builds.images
                    event = .buildsEnded(failure: builds.failure)
                case .startRuns(let longStatus):
                    try await pass(barrier: PlanStep.buildsBarrierID, of: job, recorder: recorder)
                    try await recorder.progress(longStatus)
                    let failure = try await interruptible(&lifecycle, stops: stops) { [images] () async throws(DeploymentRecorder.StoreFailure) in
                        try await RunPhase(runner: self, job: job, recorder: recorder, images: images).execute()
                    }
                    event = .runsEnded(failure: failure)
                case .startStops:
                    try await pass(barrier: PlanStep.runsBarrierID, of: job, recorder: recorder)
                    try await interruptible(&lifecycle, stops: stops) { () async throws(DeploymentRecorder.StoreFailure) in
                        try await stopRemoved(job, recorder: recorder)
                    }
                    event = .stopsEnded
                case .finish(let end, let longStatus, let abandoned):
                    if let abandoned { try await recorder.abandonPendingSteps(abandoned) }
                    return try await recorder.deployment(end, longStatus).status
                case .interrupt, .none:
                    return .failed
                }
            } catch {
                guard lifecycle.state != .finished else {
                    // The end itself could not be committed: a restarted executor fails the
                    // deployment from its records.
                    logger.critical("the end of a deployment could not be recorded", metadata: ["deploy_id": "\(job.deployID)", "error": "\(error)"])
                    return .failed
                }
                event = .recordingFailed(error.description)
            }
        }
    }

    /// What ends first while a phase runs: the phase, or a stop request.
    private enum PhaseEvent<T: Sendable>: Sendable {
        case ended(Result<T, DeploymentRecorder.StoreFailure>)
        case stopRequested(DeploymentStop)
        case noMoreStops
    }

    /// Runs one phase while listening for stops. Each stop goes to the lifecycle; when it
    /// answers `interrupt`, the phase's task is cancelled, and the phase winds down (cancelling
    /// what it started) and ends with its own event. Answers what the phase answered.
    private func interruptible<T: Sendable>(_ lifecycle: inout DeploymentLifecycle, stops: AsyncStream<DeploymentStop>,
                                            _ phase: @escaping @Sendable () async throws(DeploymentRecorder.StoreFailure) -> T)
        async throws(DeploymentRecorder.StoreFailure) -> T {
        let result = await withTaskGroup(of: PhaseEvent<T>.self) { group in
            group.addTask {
                do throws(DeploymentRecorder.StoreFailure) { return .ended(.success(try await phase())) } catch { return .ended(.failure(error)) }
            }
            group.addTask {
                for await reason in stops { return .stopRequested(reason) }
                return .noMoreStops
            }
            var ended: Result<T, DeploymentRecorder.StoreFailure>?
            while let event = await group.next() {
                switch event {
                case .ended(let result):
                    ended = result
                    group.cancelAll()   // the stop listener; nothing else is left
                case .stopRequested(let reason):
                    if lifecycle.handle(.stopRequested(reason)) == .interrupt { group.cancelAll() }
                case .noMoreStops:
                    break
                }
            }
            return ended
        }
        guard let result else { preconditionFailure("a phase's task always answers") }
        return try result.get()
    }

    /// Passes a barrier of the plan: it does no work, its needs ended before this.
    private func pass(barrier id: String, of job: DeploymentJob, recorder: DeploymentRecorder) async throws(DeploymentRecorder.StoreFailure) {
        guard job.plan.steps.contains(where: { $0.id == id && $0.kind == .barrier }) else { return }
        try await recorder.step(.started, id)
        try await recorder.step(.ended, id)
    }

    /// Checks the recorded steps against the plan, keeps the result with the deployment and
    /// logs any departure.
    private func checkPlanFidelity(_ job: DeploymentJob) async {
        do {
            let fidelity = PlanFidelity(plan: job.plan, events: try await store.stepEvents(of: job.deployID))
            try await store.savePlanFidelity(fidelity, of: job.deployID)
            if !fidelity.ok {
                logger.warning("deployment departed from its plan", metadata: ["deploy_id": "\(job.deployID)", "violations": "\(fidelity.violations)"])
            }
        } catch {
            logger.error("checking plan fidelity failed", metadata: ["deploy_id": "\(job.deployID)", "error": "\(error)"])
        }
    }

    /// Stops the removed components one after the other, dependents first (plan order). A
    /// stop that fails is logged and the others go on; a store failure ends the deployment.
    private func stopRemoved(_ job: DeploymentJob, recorder: DeploymentRecorder) async throws(DeploymentRecorder.StoreFailure) {
        let states = try await recorder.store("read the component states of \(job.tool)") { try await store.componentStates(tool: job.tool) }
        for step in job.plan.steps where step.kind == .stop {
            try await recorder.run(.start, of: step.component, "Stopping: removed from the config")
            try await recorder.step(.started, step.id)
            let processes = states.first { $0.component == step.component }?.processes ?? []
            await backend.stop(tool: job.tool, component: step.component, processes: processes)
            try await recorder.step(.ended, step.id)
            try await recorder.store("forget the state of \(step.component)") { try await store.deleteComponentState(tool: job.tool, component: step.component) }
            try await recorder.run(.succeed, of: step.component, "Stopped: removed from the config")
        }
    }
}
