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

    /// What the runner waits for between actions: the end of the phase in flight, or a stop.
    private enum Happening: Sendable {
        /// A phase ended with its lifecycle event (and, after the builds, the images), or with
        /// a record it could not commit.
        case phaseEnded(Result<PhaseOutcome, DeploymentRecorder.StoreFailure>)
        case stopRequested(DeploymentStop)
        /// The stops stream finished without a stop.
        case noMoreStops
    }

    private struct PhaseOutcome: Sendable {
        var event: DeploymentLifecycle.Event
        var images: [String: BuiltImage] = [:]
    }

    /// Feeds what happened to the deployment's lifecycle and performs the action it answers,
    /// until it finishes. Phases run as child tasks beside one that listens for a stop, so a
    /// stop reaches the lifecycle while a phase runs; its `interrupt` cancels the phase, which
    /// winds down what it started and ends with its own event.
    private func carryOut(_ job: DeploymentJob, stops: AsyncStream<DeploymentStop>, recorder: DeploymentRecorder,
                          replanFailure: String?) async -> DeploymentStatus {
        await withTaskGroup(of: Happening.self) { group in
            group.addTask {
                // Waits for the first stop only: the first one wins, and cancelling this wait
                // (at the end) finishes the stream.
                for await reason in stops { return .stopRequested(reason) }
                return .noMoreStops
            }
            func startPhase(_ phase: @escaping @Sendable () async throws(DeploymentRecorder.StoreFailure) -> PhaseOutcome) {
                group.addTask {
                    do throws(DeploymentRecorder.StoreFailure) { return .phaseEnded(.success(try await phase())) } catch {
                        return .phaseEnded(.failure(error))
                    }
                }
            }
            var lifecycle = DeploymentLifecycle()
            var event = DeploymentLifecycle.Event.begin
            var images: [String: BuiltImage] = [:]
            while true {
                do throws(DeploymentRecorder.StoreFailure) {
                    switch lifecycle.handle(event) {
                    case .startBuilds(let longStatus):
                        try await recorder.deployment(.start, longStatus)
                        if let replanFailure {
                            event = .buildsEnded(failure: replanFailure)
                            continue
                        }
                        startPhase { () async throws(DeploymentRecorder.StoreFailure) in
                            let builds = try await BuildPhase(runner: self, job: job, recorder: recorder).execute()
                            return PhaseOutcome(event: .buildsEnded(failure: builds.failure), images: builds.images)
                        }
                    case .startRuns(let longStatus):
                        try await pass(barrier: PlanStep.buildsBarrierID, of: job, recorder: recorder)
                        try await recorder.progress(longStatus)
                        startPhase { [images] () async throws(DeploymentRecorder.StoreFailure) in
                            let failure = try await RunPhase(runner: self, job: job, recorder: recorder, images: images).execute()
                            return PhaseOutcome(event: .runsEnded(failure: failure))
                        }
                    case .startStops:
                        try await pass(barrier: PlanStep.runsBarrierID, of: job, recorder: recorder)
                        startPhase { () async throws(DeploymentRecorder.StoreFailure) in
                            try await stopRemoved(job, recorder: recorder)
                            return PhaseOutcome(event: .stopsEnded)
                        }
                    case .interrupt:
                        group.cancelAll()
                    case .finish(let end, let longStatus, let abandoned):
                        group.cancelAll()
                        if let abandoned { try await recorder.abandonPendingSteps(abandoned) }
                        return try await recorder.deployment(end, longStatus).status
                    case .none:
                        group.cancelAll()
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
                    continue
                }
                // A phase runs: wait for its end or a stop.
                waiting: while true {
                    switch await group.next() {
                    case .phaseEnded(.success(let outcome)):
                        images.merge(outcome.images) { _, new in new }
                        event = outcome.event
                        break waiting
                    case .phaseEnded(.failure(let error)):
                        event = .recordingFailed(error.description)
                        break waiting
                    case .stopRequested(let reason):
                        event = .stopRequested(reason)
                        break waiting
                    case .noMoreStops:
                        continue
                    case nil:
                        logger.critical("a deployment's phase ended without an answer", metadata: ["deploy_id": "\(job.deployID)"])
                        return .failed
                    }
                }
            }
        }
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
