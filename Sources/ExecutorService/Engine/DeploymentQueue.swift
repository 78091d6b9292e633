import Foundation
import Logging

/// One deployment runs per tool at a time; a second waits, and a newer waiting one replaces
/// an older waiting one. Running deployments stop on cancel or after their timeout.
public actor DeploymentQueue {
    private struct Active {
        var deployID: String
        var task: Task<Void, Never>
        var stop: StopSignal
    }

    private let runner: DeploymentRunner
    private let timeout: Duration
    private let logger: Logger
    private var running: [String: Active] = [:]
    private var waiting: [String: DeploymentJob] = [:]

    /// Creates a queue whose deployments time out after `timeout`.
    public init(runner: DeploymentRunner, timeout: Duration, logger: Logger) {
        self.runner = runner
        self.timeout = timeout
        self.logger = logger
    }

    /// Starts `job` now, or queues it behind the tool's running deployment. Answers whether it
    /// waits and the id of a waiting deployment it replaced. Throws, changing nothing, when
    /// the replacement or the queueing could not be recorded.
    public func submit(_ job: DeploymentJob) throws(DeploymentRecorder.StoreFailure) -> (queued: Bool, replaced: String?) {
        guard running[job.tool] != nil else {
            start(job)
            return (false, nil)
        }
        let replaced = waiting[job.tool]
        if let replaced {
            let recorder = recorder(of: replaced.deployID)
            try recorder.deployment(.replacedWhileQueued, "Replaced by the newer deployment \(job.deployID) before it started")
            try recorder.abandonPendingSteps("Replaced before it started")
        }
        try recorder(of: job.deployID).progress("Queued behind \(running[job.tool]?.deployID ?? "another deployment")")
        waiting[job.tool] = job
        return (true, replaced?.deployID)
    }

    /// Cancels a running or waiting deployment; answers false when it is neither. Throws when
    /// the cancel could not be recorded.
    public func cancel(tool: String, deployID: String) throws(DeploymentRecorder.StoreFailure) -> Bool {
        let recorder = recorder(of: deployID)
        if waiting[tool]?.deployID == deployID {
            try recorder.deployment(.requestCancel, "Cancelling")
            waiting[tool] = nil
            try recorder.deployment(.cancelled, "Cancelled before it started")
            try recorder.abandonPendingSteps("Cancelled before it started")
            return true
        }
        guard let active = running[tool], active.deployID == deployID else { return false }
        try recorder.deployment(.requestCancel, "Cancelling: stopping builds and runs in flight")
        active.stop.set(.cancelled)
        active.task.cancel()
        return true
    }

    private func recorder(of deployID: String) -> DeploymentRecorder {
        DeploymentRecorder(executorStore: runner.store, logger: logger, deployID: deployID)
    }

    /// Whether a deployment of `tool` runs now.
    public func isRunning(tool: String) -> Bool { running[tool] != nil }

    private func start(_ job: DeploymentJob) {
        let stop = StopSignal()
        let runner = runner
        let timeout = timeout
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await runner.execute(job, stop: stop) }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { stop.set(.timedOut) }
                }
                await group.next()
                group.cancelAll()
            }
            await self.finished(job)
        }
        running[job.tool] = Active(deployID: job.deployID, task: task, stop: stop)
    }

    private func finished(_ job: DeploymentJob) {
        running[job.tool] = nil
        if let next = waiting.removeValue(forKey: job.tool) {
            start(next)
        }
    }
}
