import ComponentsTesting
import Foundation
import Protocol
import Testing
@testable import ExecutorService

/// Deploy on push by polling, over real git repositories (`file://`), the real config and
/// planner services and the real deployment queue, with a 1 s interval.
@Suite(.serialized) struct AutoDeployPollerTests {
    /// A push to one repository deploys within two intervals, and only that repository's
    /// component is built again.
    @Test func aPushDeploysWithinTwoIntervalsRebuildingOnlyItsComponent() async throws {
        let stack = try await AutoDeployStack(tools: ["a"])
        do {
            let api = try await stack.repository("api")
            let worker = try await stack.repository("worker")
            // A 2 s interval: "within two intervals" then leaves room for what a loaded machine
            // adds to the git calls and the deployment's creation.
            try await stack.putConfig(tool: "a", ["api": api, "worker": worker], poll: "2s")
            let first = try await stack.deploy("a")
            #expect(first.deployment.status == .successful, "\(first.deployment.longStatus)")
            let before = try #require(try await stack.core.store.componentStates(tool: "a").first { $0.component == "api" }?.commit)
            stack.startPolling()
            // Let the poller see the repositories once.
            #expect(try await stack.wait(for: .seconds(20)) {
                await stack.poller.status(tool: "a").repositories.allSatisfy { !$0.lastSeenCommit.isEmpty }
            })

            let commit = try await offThePool { try api.commit(["README": "api v2\n"]) }
            let pushed = ContinuousClock.now
            let pushedMs = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(try await stack.wait(for: .seconds(20)) { try await stack.deployments("a").count == 2 })
            let elapsed = ContinuousClock.now - pushed
            // The check that saw the push ended within two intervals of it. What follows, the
            // deployment's creation, is work whose time is the machine's load, not the poller's.
            let seen = await stack.poller.status(tool: "a").repositories.first { $0.repository == api.url }?.lastCheckMs ?? 0
            #expect(seen - pushedMs < 4_000, "the push was seen \(seen - pushedMs) ms after it, more than 2 intervals")
            print("auto-deploy: push seen by a check ending \(seen - pushedMs) ms after it; deployment created in \(elapsed)")

            let created = try #require(try await stack.deployments("a").last)
            #expect(created.deployment.description == "auto-deploy: \(api.url) main \(before.prefix(7))..\(commit.prefix(7))")
            let done = try await stack.waitForEnd(created.deployment.deployId)
            #expect(done.deployment.status == .successful, "\(done.deployment.longStatus)")
            let builds = Dictionary(uniqueKeysWithValues: done.builds.map { ($0.component, $0.status) })
            #expect(builds["api"] == .successful)
            #expect(builds["worker"] == .skipped)
            #expect(try await stack.core.store.componentStates(tool: "a").first { $0.component == "api" }?.commit == commit)

            // Nothing moved since: no more deployments.
            try await Task.sleep(for: .milliseconds(4_500))
            #expect(try await stack.deployments("a").count == 2)
            #expect(stack.metrics.text().contains("components_executor_autodeploy_deployments_total{source=\"poll\"} 1"), "\(stack.metrics.text())")
            #expect(stack.metrics.text().contains("components_executor_autodeploy_polls_total"))
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    /// A rollback holds: a poller that starts after it (as after an executor restart) does
    /// not deploy the head it rolled back from again, and the next push deploys.
    @Test func aRollbackHoldsUntilTheNextPush() async throws {
        let stack = try await AutoDeployStack(tools: ["a"])
        do {
            let api = try await stack.repository("api")
            try await stack.putConfig(tool: "a", ["api": api])
            let first = try await stack.deploy("a")
            #expect(first.deployment.status == .successful, "\(first.deployment.longStatus)")
            let rolledFrom = try await offThePool { try api.commit(["README": "api v2\n"]) }
            #expect(try await stack.deploy("a").deployment.status == .successful)
            let created = try await stack.core.rollback(Wire.RollbackDeploymentRequest(tool: "a"))
            let rolled = try await stack.waitForEnd(try #require(created.deployment?.deployId))
            #expect(rolled.deployment.status == .successful, "\(rolled.deployment.longStatus)")
            #expect(rolled.deployment.rollbackOf == first.deployment.deployId)

            stack.startPolling()
            #expect(try await stack.wait(for: .seconds(20)) {
                await stack.poller.status(tool: "a").repositories.allSatisfy { $0.lastSeenCommit == rolledFrom }
            })
            try await Task.sleep(for: .seconds(3))
            #expect(try await stack.deployments("a").count == 3, "the head the rollback left was not deployed again")

            let pushed = try await offThePool { try api.commit(["README": "api v3\n"]) }
            #expect(try await stack.wait(for: .seconds(20)) { try await stack.deployments("a").count == 4 })
            let next = try #require(try await stack.deployments("a").last)
            #expect(next.deployment.description == "auto-deploy: \(api.url) main \(rolledFrom.prefix(7))..\(pushed.prefix(7))")
            #expect(try await stack.waitForEnd(next.deployment.deployId).deployment.status == .successful)
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    /// Twenty pushes within a second give at most two deployments, and the last builds the
    /// newest commit.
    @Test func aBurstOfPushesCoalesces() async throws {
        let stack = try await AutoDeployStack(tools: ["a"])
        do {
            let api = try await stack.repository("api")
            // The twenty commits are made first and the branch put back; the burst then moves
            // the branch by writing its ref, so it takes one second however loaded the machine.
            let base = try await offThePool { try TemporaryGitRepository.git(["rev-parse", "HEAD"], in: api.folder) }
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let pushes = try await offThePool { try (1...20).map { try api.commit(["README": "api v\($0 + 1)\n"]) } }
            try api.moveBranch("main", to: base)
            try await stack.putConfig(tool: "a", ["api": api])
            #expect(try await stack.deploy("a").deployment.status == .successful)
            stack.startPolling()
            #expect(try await stack.wait(for: .seconds(5)) {
                await stack.poller.status(tool: "a").repositories.allSatisfy { !$0.lastSeenCommit.isEmpty }
            })

            let start = ContinuousClock.now
            var newest = ""
            for (index, commit) in pushes.enumerated() {
                try api.moveBranch("main", to: commit)
                newest = commit
                let next = start + .milliseconds(50 * (index + 1))
                if ContinuousClock.now < next { try await Task.sleep(until: next) }
            }
            let burst = ContinuousClock.now - start
            // Three intervals of quiet: everything the burst causes has been created.
            try await Task.sleep(for: .seconds(3))
            let created = try await stack.deployments("a").dropFirst()
            print("auto-deploy: 20 pushes in \(burst) gave \(created.count) deployments")
            #expect((1...2).contains(created.count), "\(created.map(\.deployment.description))")
            let last = try await stack.waitForEnd(try #require(created.last).deployment.deployId)
            #expect(last.deployment.status == .successful, "\(last.deployment.longStatus)")
            #expect(try await stack.core.store.componentStates(tool: "a").first?.commit == newest)
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    /// A repository that cannot be reached backs off and says why; another tool's polling
    /// goes on.
    @Test func anUnreachableRepositoryBacksOffWithoutStoppingOtherTools() async throws {
        let stack = try await AutoDeployStack(tools: ["a", "b"])
        do {
            let broken = try await stack.repository("broken")
            let healthy = try await stack.repository("healthy")
            try await stack.putConfig(tool: "a", ["broken": broken])
            try await stack.putConfig(tool: "b", ["healthy": healthy])
            #expect(try await stack.deploy("a").deployment.status == .successful)
            #expect(try await stack.deploy("b").deployment.status == .successful)
            try FileManager.default.moveItem(at: broken.folder, to: broken.folder.appendingPathExtension("gone"))
            stack.startPolling()

            #expect(try await stack.wait(for: .seconds(5)) {
                await stack.poller.status(tool: "b").repositories.allSatisfy { !$0.lastSeenCommit.isEmpty }
            })
            let pushed = ContinuousClock.now
            let commit = try await offThePool { try healthy.commit(["README": "healthy v2\n"]) }
            #expect(try await stack.wait(for: .seconds(10)) { try await stack.deployments("b").count == 2 })
            #expect(ContinuousClock.now - pushed < .seconds(2))
            let created = try #require(try await stack.deployments("b").last)
            #expect(created.deployment.description.hasSuffix("..\(commit.prefix(7))"))

            // Backoff: 1 s, then 2 s, then 4 s (plus jitter); within 4.5 s at most two failures.
            try await Task.sleep(for: .milliseconds(4_500) - (ContinuousClock.now - pushed))
            let status = await stack.poller.status(tool: "a")
            let repository = try #require(status.repositories.first)
            #expect(status.polling)
            #expect(status.intervalSeconds == 1)
            #expect((1...3).contains(repository.failures), "\(repository)")
            #expect(!repository.lastError.isEmpty)
            #expect(repository.nextCheckMs - repository.lastCheckMs >= 1_900, "the next check backs off: \(repository)")
            #expect(try await stack.deployments("a").count == 1)
            print("auto-deploy: unreachable repository after 4.5 s: \(repository.failures) failures, next check in \(repository.nextCheckMs - repository.lastCheckMs) ms, error: \(repository.lastError)")
            #expect(stack.metrics.text().contains("components_executor_autodeploy_poll_failures_total"))
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    /// The operator's minimum wins over a config that asks for more.
    @Test func theOperatorsMinimumRaisesTheInterval() async throws {
        let stack = try await AutoDeployStack(tools: ["a"])
        do {
            let api = try await stack.repository("api")
            try await stack.putConfig(tool: "a", ["api": api], poll: "1m")
            #expect(try await stack.deploy("a").deployment.status == .successful)
            await stack.poller.refresh()
            let status = await stack.poller.status(tool: "a")
            #expect(status.polling)
            #expect(status.intervalSeconds == 60)
            #expect(status.requestedSeconds == 60)
            #expect(status.repositories.map(\.components) == [["api"]])
            #expect(status.repositories.first?.nextCheckMs ?? 0 > 0)

            try await stack.putConfig(tool: "a", ["api": api], poll: "off")
            await stack.poller.refresh()
            #expect(await stack.poller.status(tool: "a").polling == false)
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }
}

/// The schedule's arithmetic: minimum, backoff, jitter.
@Suite struct PollScheduleTests {
    @Test func theMinimumWins() {
        var limits = AutoDeployLimits()
        limits.minimumInterval = .seconds(30)
        #expect(PollSchedule.interval(requestedSeconds: 10, limits: limits) == .seconds(30))
        #expect(PollSchedule.interval(requestedSeconds: 60, limits: limits) == .seconds(60))
    }

    @Test func failuresDoubleUpToTheCeiling() {
        var limits = AutoDeployLimits()
        limits.maxBackoff = .seconds(100)
        let interval = Duration.seconds(10)
        #expect(PollSchedule.delay(interval: interval, failures: 0, limits: limits, random: 0) == .seconds(10))
        #expect(PollSchedule.delay(interval: interval, failures: 1, limits: limits, random: 0) == .seconds(20))
        #expect(PollSchedule.delay(interval: interval, failures: 3, limits: limits, random: 0) == .seconds(80))
        #expect(PollSchedule.delay(interval: interval, failures: 4, limits: limits, random: 0) == .seconds(100))
        #expect(PollSchedule.delay(interval: interval, failures: 1_000, limits: limits, random: 0) == .seconds(100))
        // Jitter adds up to a tenth.
        #expect(PollSchedule.delay(interval: interval, failures: 0, limits: limits, random: 0.999) < .seconds(11))
        #expect((Duration.milliseconds(10_499)...Duration.milliseconds(10_501)).contains(
            PollSchedule.delay(interval: interval, failures: 0, limits: limits, random: 0.5)))
        // An interval longer than the ceiling is never shortened by a failure.
        #expect(PollSchedule.delay(interval: .seconds(500), failures: 2, limits: limits, random: 0) == .seconds(500))
    }

    @Test func firstChecksSpreadOverTheInterval() {
        #expect(PollSchedule.firstDelay(interval: .seconds(60), random: 0) == .zero)
        #expect((Duration.milliseconds(29_999)...Duration.milliseconds(30_001)).contains(PollSchedule.firstDelay(interval: .seconds(60), random: 0.5)))
    }
}

/// How pushed refs and repository URLs are matched to what a config builds.
@Suite struct PushMatchingTests {
    @Test func refsMatchTheirFullNames() {
        #expect(AutoDeployPoller.ref("main", matches: "refs/heads/main"))
        #expect(AutoDeployPoller.ref("v1", matches: "refs/tags/v1"))
        #expect(!AutoDeployPoller.ref("main", matches: "refs/heads/feature"))
        #expect(!AutoDeployPoller.ref("main", matches: "refs/heads/main2"))
        #expect(AutoDeployPoller.ref(nil, matches: "refs/heads/anything"))
        #expect(!AutoDeployPoller.ref(nil, matches: "refs/tags/v1"))
    }

    @Test func repositoriesMatchWithoutDotGitOrHostCase() {
        #expect(RepositoryIdentity.same("https://GitHub.com/o/r.git", "https://github.com/o/r"))
        #expect(RepositoryIdentity.same("https://github.com/o/r/", "https://github.com/o/r.git"))
        #expect(!RepositoryIdentity.same("https://github.com/o/R", "https://github.com/o/r"))
        #expect(!RepositoryIdentity.same("https://github.com/o/r", "https://github.com/o/r2"))
    }
}
