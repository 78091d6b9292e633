import ComponentsTesting
@testable import ExecutorService
import Foundation
import PlannerService
import Testing
import ToolConfig

@Suite struct DeploymentRunnerTests {
    static let toolhunt = """
        config-version: v0.1
        components:
          toolhunt-cleanup:
            type: scheduled
            build: {repository: "https://example.org/toolhunt-cleanup.git"}
            wait-for: [toolhunt-api]
            run: {command: cleanup, schedule: "0 * * * *"}
          toolhunt-api:
            type: continuous
            build: {repository: "https://example.org/toolhunt.git"}
            run: {command: api, port: 5000}
            wait-for: [toolhunt-migratedb]
          toolhunt-migratedb:
            type: one-off
            build: {reuse-from: toolhunt-api}
            run: {command: migratedb}
          toolhunt-flower:
            type: continuous
            build: {reuse-from: toolhunt-api}
            run: {command: flower, port: 5555}
            wait-for: [toolhunt-api]
        """

    final class Harness: @unchecked Sendable {
        let store: ExecutorStore
        let runner: DeploymentRunner
        let folder: URL

        deinit {
            try? FileManager.default.removeItem(at: folder)
        }

        init(backend: FakeBackend) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            store = try ExecutorStore(path: folder.appendingPathComponent("executor.sqlite").path)
            runner = DeploymentRunner(store: store, backend: backend, logger: silentLogger)
        }

        /// Plans `yaml` against the store's current state and persists the deployment.
        func prepare(_ yaml: String, backend: FakeBackend) async throws -> DeploymentJob {
            let config = try #require(ToolConfigParser.parse(yaml).config)
            let deployID = DeploymentID.make()
            var commits: [String: String] = [:]
            var resolved: [ResolvedCommit] = []
            for component in config.components.values {
                if let repository = component.build.repository {
                    commits[DeploymentJob.commitKey(repository: repository, ref: component.build.ref)] = String(repeating: "a", count: 40)
                    resolved.append(ResolvedCommit(repository: repository, ref: component.build.ref, commit: String(repeating: "a", count: 40)))
                }
            }
            let current = try await store.componentStates(tool: "toolhunt").map { state in
                ComponentState(component: state.component, type: state.type, imageID: state.imageID,
                               repository: state.repository, commit: state.commit, buildSettingsHash: state.buildSettingsHash,
                               runSpecHash: state.runSpecHash, health: .healthy,
                               lastResult: state.lastResult, scheduled: state.scheduled, waitFor: state.waitFor)
            }
            let plan = try Planner.plan(try PlanInput(config: config, current: current, resolvedCommits: resolved, existingBuilds: await backend.existingBuildKeys(tool: "toolhunt")))
            let record = DeploymentRecord(deployId: deployID, tool: "toolhunt", creationTimeMs: 0, status: .pending, longStatus: "", description: "",
                                          forceBuild: false, forceRun: false, configVersion: 1, configJSON: config.canonicalJSON(), planJSON: "{}")
            try await store.insert(record,
                builds: plan.steps.filter { $0.phase == .build }.map { BuildRecord(deployId: deployID, component: $0.component, buildId: "b", image: "", status: .pending, longStatus: "") },
                runs: plan.steps.filter { $0.phase == .run || $0.kind == .stop }.map { RunRecord(deployId: deployID, component: $0.component, status: .pending, longStatus: "") })
            return DeploymentJob(deployID: deployID, tool: "toolhunt", config: config, plan: plan, commits: commits, logFolder: folder)
        }
    }

    @Test func toolhuntRunsInTheOrderOfSeed000() async throws {
        let backend = FakeBackend()
        let harness = try Harness(backend: backend)
        let job = try await harness.prepare(Self.toolhunt, backend: backend)
        let status = await harness.runner.execute(job)
        #expect(status == .successful)
        // One build per repository: api's image serves migratedb and flower.
        #expect(backend.count("build-start") == 2)
        let migrated = try #require(backend.time("run-end", "toolhunt-migratedb"))
        let apiStart = try #require(backend.time("run-start", "toolhunt-api"))
        let apiHealthy = try #require(backend.time("run-end", "toolhunt-api"))
        #expect(migrated <= apiStart)
        #expect(try #require(backend.time("run-start", "toolhunt-flower")) >= apiHealthy)
        #expect(try #require(backend.time("run-start", "toolhunt-cleanup")) >= apiHealthy)
        // Builds are a barrier before every run.
        let lastBuild = backend.recorded.filter { $0.what == "build-end" }.map(\.at).max()
        #expect(backend.recorded.filter { $0.what == "run-start" }.allSatisfy { $0.at >= lastBuild! })
        let snapshot = try #require(try await harness.store.snapshot(job.deployID))
        #expect(snapshot.deployment.longStatus == "All components deployed")
        #expect(snapshot.runs.allSatisfy { $0.status == .successful })
        #expect(snapshot.planFidelity == PlanFidelity(violations: []))
        // Every step of the plan that does work was recorded as started and ended.
        let events = try await harness.store.stepEvents(of: job.deployID)
        let worked = job.plan.steps.filter { $0.kind != .skip }.map(\.id)
        #expect(Set(events.filter { $0.kind == .started }.map(\.stepID)) == Set(worked))
        #expect(Set(events.filter { $0.kind == .ended }.map(\.stepID)) == Set(worked))
    }

    @Test func componentURLsAreTheBackends() async throws {
        for named in [false, true] {
            let backend = FakeBackend(namedURLs: named)
            let harness = try Harness(backend: backend)
            let job = try await harness.prepare(Self.toolhunt, backend: backend)
            #expect(await harness.runner.execute(job) == .successful)
            let expected = named ? "http://toolhunt-api:5000" : "http://127.0.0.1:5000"
            #expect(backend.environment(of: "toolhunt-flower")?["TOOLHUNT_API_URL"] == expected)
        }
    }

    @Test func redeployingUnchangedSkipsEverything() async throws {
        let backend = FakeBackend()
        let harness = try Harness(backend: backend)
        #expect(await harness.runner.execute(try await harness.prepare(Self.toolhunt, backend: backend)) == .successful)
        let again = try await harness.prepare(Self.toolhunt, backend: backend)
        #expect(await harness.runner.execute(again) == .successful)
        #expect(backend.count("build-start") == 2)
        #expect(backend.count("run-start") == 4)
        let snapshot = try #require(try await harness.store.snapshot(again.deployID))
        #expect(snapshot.builds.allSatisfy { $0.status == .skipped && $0.longStatus == "Reusing existing build" })
        #expect(snapshot.runs.allSatisfy { $0.status == .skipped })
    }

    @Test func failingBuildTouchesNothingThatRuns() async throws {
        let backend = FakeBackend(failingBuilds: ["toolhunt.git"])
        let harness = try Harness(backend: backend)
        let job = try await harness.prepare(Self.toolhunt, backend: backend)
        #expect(await harness.runner.execute(job) == .failed)
        #expect(backend.count("run-start") == 0)
        let snapshot = try #require(try await harness.store.snapshot(job.deployID))
        #expect(snapshot.deployment.longStatus.contains("Build of toolhunt-api failed"))
        #expect(snapshot.deployment.longStatus.contains("Error 1"))
        #expect(snapshot.runs.allSatisfy { $0.status == .skipped && $0.longStatus == "Skipped due to previous failure" })
    }

    @Test func aStoreThatFailsEndsTheDeploymentWithTheCauseAndTouchesNothing() async throws {
        let backend = FakeBackend()
        let harness = try Harness(backend: backend)
        let job = try await harness.prepare(Self.toolhunt, backend: backend)
        // The step-event table going away makes every later "started" record fail.
        try await harness.store.database.write { try $0.execute(sql: "DROP TABLE deployment_step_events") }
        #expect(await harness.runner.execute(job) == .failed)
        let snapshot = try #require(try await harness.store.snapshot(job.deployID))
        #expect(snapshot.deployment.longStatus.hasPrefix("The executor could not record the deployment: could not record that build:"))
        #expect(snapshot.deployment.longStatus.contains("no such table"))
        #expect(backend.count("run-start") == 0)
        #expect(snapshot.runs.allSatisfy { $0.status == .skipped })
    }

    @Test func failingOneOffSkipsItsDependents() async throws {
        let backend = FakeBackend(failingRuns: ["toolhunt-migratedb"])
        let harness = try Harness(backend: backend)
        let job = try await harness.prepare(Self.toolhunt, backend: backend)
        #expect(await harness.runner.execute(job) == .failed)
        let snapshot = try #require(try await harness.store.snapshot(job.deployID))
        let runs = Dictionary(uniqueKeysWithValues: snapshot.runs.map { ($0.component, $0) })
        #expect(runs["toolhunt-migratedb"]?.status == .failed)
        for dependent in ["toolhunt-api", "toolhunt-flower", "toolhunt-cleanup"] {
            #expect(runs[dependent]?.status == .skipped)
            #expect(runs[dependent]?.longStatus == "Skipped due to previous failure")
        }
        #expect(snapshot.deployment.longStatus.contains("Run of toolhunt-migratedb failed"))
        #expect(snapshot.deployment.longStatus.contains("exited with code 3"))
        #expect(backend.time("run-start", "toolhunt-api") == nil)
    }

    @Test func cancelDuringBuildsCancelsTheRest() async throws {
        let backend = FakeBackend(duration: .milliseconds(500))
        let harness = try Harness(backend: backend)
        let job = try await harness.prepare(Self.toolhunt, backend: backend)
        let (stops, stop) = AsyncStream<DeploymentStop>.makeStream()
        let task = Task { await harness.runner.execute(job, stops: stops) }
        try await Task.sleep(for: .milliseconds(100))
        _ = try await harness.store.apply(.requestCancel, to: job.deployID, longStatus: "Cancelling")
        // The stop alone ends it: the runner's own task is never cancelled.
        stop.yield(.cancelled)
        #expect(await task.value == .cancelled)
        let snapshot = try #require(try await harness.store.snapshot(job.deployID))
        #expect(snapshot.builds.allSatisfy { $0.status == .cancelled })
        #expect(snapshot.runs.allSatisfy { $0.status == .skipped })
        #expect(backend.count("run-start") == 0)
    }

    @Test func removedComponentIsStopped() async throws {
        let backend = FakeBackend()
        let harness = try Harness(backend: backend)
        #expect(await harness.runner.execute(try await harness.prepare(Self.toolhunt, backend: backend)) == .successful)
        let withoutFlower = Self.toolhunt.components(separatedBy: "  toolhunt-flower:")[0]
        let job = try await harness.prepare(withoutFlower, backend: backend)
        #expect(job.plan.steps.contains { $0.kind == .stop && $0.component == "toolhunt-flower" })
        #expect(await harness.runner.execute(job) == .successful)
        #expect(backend.count("stop") == 1)
        #expect(try await harness.store.componentStates(tool: "toolhunt").map(\.component).contains("toolhunt-flower") == false)
    }
}
