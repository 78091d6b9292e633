import ComponentsTesting
import Foundation
import Testing
@testable import ExecutorService

/// One deployment runs per tool; a second waits, a newer waiting one replaces an older one;
/// a deployment running past its timeout becomes timed_out.
@Suite struct DeploymentQueueTests {
    private func waitForFinal(_ store: ExecutorStore, _ id: String) async throws -> DeploymentSnapshot {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            if let snapshot = try await store.snapshot(id), snapshot.deployment.status.isFinal { return snapshot }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ProcessError(message: "deployment \(id) did not end")
    }

    @Test func secondWaitsAndANewerWaitingOneReplacesIt() async throws {
        let backend = FakeBackend(duration: .milliseconds(300))
        let harness = try DeploymentRunnerTests.Harness(backend: backend)
        let queue = DeploymentQueue(runner: harness.runner, timeout: .seconds(60), logger: silentLogger)
        let running = Task { try await queue.run() }
        defer { running.cancel() }
        let first = try await harness.prepare(DeploymentRunnerTests.toolhunt, backend: backend)
        let second = try await harness.prepare(DeploymentRunnerTests.toolhunt, backend: backend)
        let third = try await harness.prepare(DeploymentRunnerTests.toolhunt, backend: backend)

        #expect(try await queue.submit(first) == (queued: false, replaced: nil))
        let secondAnswer = try await queue.submit(second)
        #expect(secondAnswer.queued && secondAnswer.replaced == nil)
        #expect(try await harness.store.snapshot(second.deployID)?.deployment.longStatus.contains("Queued behind \(first.deployID)") == true)
        let thirdAnswer = try await queue.submit(third)
        #expect(thirdAnswer.queued && thirdAnswer.replaced == second.deployID)

        let replaced = try #require(try await harness.store.snapshot(second.deployID))
        #expect(replaced.deployment.status == .cancelled)
        #expect(replaced.deployment.longStatus.contains("Replaced by the newer deployment \(third.deployID)"))
        #expect(replaced.builds.allSatisfy { $0.status == .cancelled })
        #expect(replaced.runs.allSatisfy { $0.status == .skipped })

        let firstDone = try await waitForFinal(harness.store, first.deployID)
        let thirdDone = try await waitForFinal(harness.store, third.deployID)
        #expect(firstDone.deployment.status == .successful)
        #expect(thirdDone.deployment.status == .successful)
        // The third started only after the first ended.
        #expect(try #require(thirdDone.deployment.startTimeMs) >= (try #require(firstDone.deployment.endTimeMs)))
    }

    @Test func cancellingAWaitingDeploymentNeverStartsIt() async throws {
        let backend = FakeBackend(duration: .milliseconds(200))
        let harness = try DeploymentRunnerTests.Harness(backend: backend)
        let queue = DeploymentQueue(runner: harness.runner, timeout: .seconds(60), logger: silentLogger)
        let running = Task { try await queue.run() }
        defer { running.cancel() }
        let first = try await harness.prepare(DeploymentRunnerTests.toolhunt, backend: backend)
        let second = try await harness.prepare(DeploymentRunnerTests.toolhunt, backend: backend)
        _ = try await queue.submit(first)
        _ = try await queue.submit(second)
        #expect(try await queue.cancel(tool: "toolhunt", deployID: second.deployID))
        let cancelled = try #require(try await harness.store.snapshot(second.deployID))
        #expect(cancelled.deployment.status == .cancelled)
        #expect(cancelled.deployment.startTimeMs == nil)
        #expect(try await waitForFinal(harness.store, first.deployID).deployment.status == .successful)
    }

    @Test func deploymentPastItsTimeoutIsTimedOut() async throws {
        let backend = FakeBackend(duration: .seconds(30))
        let harness = try DeploymentRunnerTests.Harness(backend: backend)
        // The timeout fires when the test says so: no waiting for a real one.
        let timer = ManualTimer()
        let queue = DeploymentQueue(runner: harness.runner, timeout: .seconds(3600), logger: silentLogger, timer: timer.sleep)
        let runningQueue = Task { try await queue.run() }
        defer { runningQueue.cancel() }
        let job = try await harness.prepare(DeploymentRunnerTests.toolhunt, backend: backend)
        _ = try await queue.submit(job)
        try await timer.waitForSleeper()
        #expect(timer.lastDuration == .seconds(3600))
        timer.fire()
        let done = try await waitForFinal(harness.store, job.deployID)
        #expect(done.deployment.status == .timedOut)
        #expect(done.deployment.longStatus.hasPrefix("Timed out"))
        #expect(backend.count("run-start") == 0)
        // The queue lets go of the tool right after the final status is stored.
        var running = true
        for _ in 0..<500 where running {
            running = await queue.isRunning(tool: "toolhunt")
            if running { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(!running)
    }
}
