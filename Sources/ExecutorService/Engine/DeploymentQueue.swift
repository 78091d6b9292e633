import Foundation
import Logging
import ServiceLifecycle

/// One deployment runs per tool at a time; a second waits, and a newer waiting one replaces
/// an older waiting one. Running deployments stop on cancel or after their timeout.
///
/// The queue is a `Service`: deployments run as child tasks of its `run()`, so the service
/// group that runs the queue owns them, and a graceful shutdown cancels those in flight
/// (each ends with its cause recorded).
public actor DeploymentQueue: Service {
    /// Waits for a deployment's timeout; thrown out of by cancellation.
    public typealias Timer = @Sendable (Duration) async throws -> Void

    private struct Active {
        var deployID: String
        /// Tells the deployment's lifecycle to stop early, and why.
        var stop: AsyncStream<DeploymentStop>.Continuation
    }

    private let runner: DeploymentRunner
    private let timeout: Duration
    private let timer: Timer
    private let logger: Logger
    private var running: [String: Active] = [:]
    private var waiting: [String: DeploymentJob] = [:]
    private typealias Start = (job: DeploymentJob, stops: AsyncStream<DeploymentStop>, stop: AsyncStream<DeploymentStop>.Continuation)
    private let starts: AsyncStream<Start>
    private let startContinuation: AsyncStream<Start>.Continuation

    /// Creates a queue whose deployments time out after `timeout`, measured by `timer`
    /// (tests pass one they fire by hand).
    public init(runner: DeploymentRunner, timeout: Duration, logger: Logger,
                timer: @escaping Timer = { try await Task.sleep(for: $0) }) {
        self.runner = runner
        self.timeout = timeout
        self.timer = timer
        self.logger = logger
        (starts, startContinuation) = AsyncStream.makeStream()
    }

    /// Runs the deployments the queue starts, until the service group shuts down.
    public nonisolated func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await start in self.starts {
                    group.addTask { await self.carryOut(start) }
                }
            }
        }
    }

    /// Starts `job` now, or queues it behind the tool's running deployment. Answers whether it
    /// waits and the id of a waiting deployment it replaced. Throws, changing nothing, when
    /// the replacement or the queueing could not be recorded.
    public func submit(_ job: DeploymentJob) async throws(DeploymentRecorder.StoreFailure) -> (queued: Bool, replaced: String?) {
        guard running[job.tool] != nil else {
            start(job)
            return (false, nil)
        }
        let replaced = waiting[job.tool]
        if let replaced {
            let recorder = recorder(of: replaced.deployID)
            try await recorder.deployment(.replacedWhileQueued, "Replaced by the newer deployment \(job.deployID) before it started")
            try await recorder.abandonPendingSteps("Replaced before it started")
        }
        try await recorder(of: job.deployID).progress("Queued behind \(running[job.tool]?.deployID ?? "another deployment")")
        waiting[job.tool] = job
        return (true, replaced?.deployID)
    }

    /// Cancels a running or waiting deployment; answers false when it is neither. Throws when
    /// the cancel could not be recorded.
    public func cancel(tool: String, deployID: String) async throws(DeploymentRecorder.StoreFailure) -> Bool {
        let recorder = recorder(of: deployID)
        if waiting[tool]?.deployID == deployID {
            try await recorder.deployment(.requestCancel, "Cancelling")
            waiting[tool] = nil
            try await recorder.deployment(.cancelled, "Cancelled before it started")
            try await recorder.abandonPendingSteps("Cancelled before it started")
            return true
        }
        guard let active = running[tool], active.deployID == deployID else { return false }
        try await recorder.deployment(.requestCancel, "Cancelling: stopping builds and runs in flight")
        active.stop.yield(.cancelled)
        return true
    }

    /// Whether a deployment of `tool` runs now.
    public func isRunning(tool: String) -> Bool { running[tool] != nil }

    private func recorder(of deployID: String) -> DeploymentRecorder {
        DeploymentRecorder(executorStore: runner.store, logger: logger, deployID: deployID)
    }

    private func start(_ job: DeploymentJob) {
        let (stops, stop) = AsyncStream<DeploymentStop>.makeStream()
        running[job.tool] = Active(deployID: job.deployID, stop: stop)
        startContinuation.yield((job, stops, stop))
    }

    /// Runs one deployment until it ends. Its timeout, like a cancel, is a stop sent to the
    /// deployment's lifecycle, which then winds the deployment down and ends it.
    private nonisolated func carryOut(_ start: Start) async {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.runner.execute(start.job, stops: start.stops)
                return true
            }
            group.addTask {
                // Thrown out of by cancellation: the deployment ended first.
                if (try? await self.timer(self.timeout)) != nil { start.stop.yield(.timedOut) }
                return false
            }
            while let deploymentEnded = await group.next() {
                if deploymentEnded { group.cancelAll() }
            }
        }
        await finished(start.job)
    }

    private func finished(_ job: DeploymentJob) {
        running[job.tool]?.stop.finish()
        running[job.tool] = nil
        if let next = waiting.removeValue(forKey: job.tool) {
            start(next)
        }
    }
}
