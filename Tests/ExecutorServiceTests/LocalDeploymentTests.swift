import ComponentsTesting
import ConfigService
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Protocol
import PlannerService
import Testing
@testable import ExecutorService
import LocalBackend

/// Real deployments: local git repositories (the toolhunt example), real builds, real
/// processes and health checks, through the config and planner services on loopback.
@Suite(.serialized) struct LocalDeploymentTests {
    final class Stack: @unchecked Sendable {
        let folder: URL
        let configFile: URL
        let core: ExecutorServiceCore
        /// Runs the core's deployment queue, as the service group does in the executor.
        let queueTask: Task<Void, any Error>
        let backend: LocalBackend
        let servers: [RPCServer]
        let clients: [RPCClient]

        let metrics = ServiceMetrics(service: "executor")

        init(configure: (inout ExecutorConfiguration) -> Void = { _ in }) async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // The example's own script makes the repositories and the config.
            configFile = try await ToolhuntExample.make(in: folder.appendingPathComponent("repos"))

            let store = try ConfigStore(path: folder.appendingPathComponent("config.sqlite").path)
            _ = try store.createTool(name: "toolhunt")
            let services = try await LoopbackServices.start(store: store)
            servers = services.servers
            let configClient = services.configClient, plannerClient = services.plannerClient
            clients = [configClient, plannerClient]
            var configuration = ExecutorConfiguration(stateDirectory: folder.appendingPathComponent("executor"))
            configuration.allowLocalRepositories = true
            configure(&configuration)
            backend = LocalBackend(stateDirectory: configuration.stateDirectory, allowLocalRepositories: true, startupTimeout: .seconds(30), logger: silentLogger)
            core = try ExecutorServiceCore(configuration: configuration, backend: backend, configClient: configClient, plannerClient: plannerClient,
                                           logger: silentLogger, metrics: metrics)
            let deployments = core.deployments
            queueTask = Task { try await deployments.run() }
        }

        func putConfig(_ source: String) async throws {
            _ = try await clients[0].call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: source))
        }

        /// Creates a deployment and waits until it ends.
        func deploy(forceBuild: Bool = false) async throws -> DeploymentSnapshot {
            let created = try await core.create(Wire.CreateDeploymentRequest(tool: "toolhunt", forceBuild: forceBuild))
            return try await waitForEnd(try #require(created.deployment?.deployId))
        }

        /// Waits until deployment `id` ends.
        func waitForEnd(_ id: String) async throws -> DeploymentSnapshot {
            let deadline = ContinuousClock.now.advanced(by: .seconds(90))
            while ContinuousClock.now < deadline {
                if let snapshot = try await core.store.snapshot(id), snapshot.deployment.status.isFinal { return snapshot }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw ProcessError(message: "deployment \(id) did not end")
        }

        func states() async throws -> [String: Wire.ComponentState] {
            Dictionary(uniqueKeysWithValues: try await core.componentStates(tool: "toolhunt").map { ($0.component, $0) })
        }

        func close() async {
            queueTask.cancel()
            await backend.shutdown(stopProcesses: true)
            servers.forEach { $0.close() }
            clients.forEach { $0.close() }
            await TemporaryFolder.remove(folder)
        }
    }

    private func runs(_ snapshot: DeploymentSnapshot) -> [String: RunRecord] {
        Dictionary(uniqueKeysWithValues: snapshot.runs.map { ($0.component, $0) })
    }

    /// `force-build` builds the images again, where an unforced deployment reuses them.
    @Test func forceBuildRebuilds() async throws {
        let stack = try await Stack()
        do {
            try await stack.putConfig(try String(contentsOf: stack.configFile, encoding: .utf8))
            let first = try await stack.deploy()
            #expect(first.deployment.status == .successful, "\(first.deployment.longStatus)")
            let forced = try await stack.deploy(forceBuild: true)
            #expect(forced.deployment.status == .successful, "\(forced.deployment.longStatus)")
            #expect(forced.builds.count == 2)
            #expect(forced.builds.allSatisfy { $0.status == .successful && $0.longStatus.hasPrefix("Built image") },
                    "\(forced.builds.map { "\($0.component): \($0.status) \($0.longStatus)" })")
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    @Test func toolhuntDeploysInOrderRedeploysNothingAndRebuildsOnlyWhatChanged() async throws {
        let stack = try await Stack()
        do {
            try await stack.putConfig(try String(contentsOf: stack.configFile, encoding: .utf8))
            let first = try await stack.deploy()
            #expect(first.deployment.status == .successful, "\(first.deployment.longStatus) \(first.runs.map { "\($0.component): \($0.longStatus)" })")
            // One build per repository: migratedb and flower reuse api's image.
            #expect(first.builds.count == 2)
            #expect(first.builds.allSatisfy { $0.status == .successful })
            let r = runs(first)
            let migrated = try #require(r["toolhunt-migratedb"]?.endTimeMs)
            let apiStart = try #require(r["toolhunt-api"]?.startTimeMs)
            let apiHealthy = try #require(r["toolhunt-api"]?.endTimeMs)
            #expect(migrated <= apiStart)
            #expect(try #require(r["toolhunt-flower"]?.startTimeMs) >= apiHealthy)
            #expect(try #require(r["toolhunt-cleanup"]?.startTimeMs) >= apiHealthy)

            // The api answers on its port, after the migration.
            let states = try await stack.states()
            let port = try #require(states["toolhunt-api"]?.port)
            let (body, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/tools")!)
            #expect(String(decoding: body, as: UTF8.self).contains("\"schema\": \"3\""))
            // Every continuous component gets its own port.
            #expect(states["toolhunt-flower"]?.port != port)
            let apiPids = states["toolhunt-api"]?.pids ?? []
            #expect(!apiPids.isEmpty)

            // Nothing changed: every step skipped, the same processes run.
            let second = try await stack.deploy()
            #expect(second.deployment.status == .successful)
            #expect(second.builds.allSatisfy { $0.status == .skipped }, "\(second.builds.map { "\($0.component): \($0.status) \($0.longStatus)" })")
            #expect(second.runs.allSatisfy { $0.status == .skipped })
            #expect(try await stack.states()["toolhunt-api"]?.pids == apiPids)

            // A new commit of the cleanup repository: only its image is rebuilt, only it restarts.
            let cleanupRepo = stack.folder.appendingPathComponent("repos/toolhunt-cleanup")
            try "print('cleanup v2', flush=True)\n".write(to: cleanupRepo.appendingPathComponent("cleanup.py"), atomically: true, encoding: .utf8)
            try TemporaryGitRepository.git(["-c", "user.name=t", "-c", "user.email=t@l", "commit", "-qam", "v2"], in: cleanupRepo)
            let third = try await stack.deploy()
            #expect(third.deployment.status == .successful)
            let builds = Dictionary(uniqueKeysWithValues: third.builds.map { ($0.component, $0.status) })
            #expect(builds["toolhunt-cleanup"] == .successful)
            #expect(builds["toolhunt-api"] == .skipped)
            let thirdRuns = runs(third)
            #expect(thirdRuns["toolhunt-cleanup"]?.status == .successful)
            #expect(thirdRuns["toolhunt-api"]?.status == .skipped)
            #expect(thirdRuns["toolhunt-flower"]?.status == .skipped)
            #expect(try await stack.states()["toolhunt-api"]?.pids == apiPids)
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    @Test func failingBuildLeavesRunningComponentsAndSaysWhy() async throws {
        let stack = try await Stack()
        do {
            let config = try String(contentsOf: stack.configFile, encoding: .utf8)
            try await stack.putConfig(config)
            #expect(try await stack.deploy().deployment.status == .successful)
            let pids = try await stack.states()["toolhunt-api"]?.pids

            let broken = config.replacingOccurrences(of: "      ref: main\n    wait-for:\n      - toolhunt-migratedb",
                                                     with: "      ref: main\n      command: \"echo compiling; echo 'error: missing semicolon' >&2; exit 3\"\n    wait-for:\n      - toolhunt-migratedb")
            #expect(broken != config)
            try await stack.putConfig(broken)
            let failed = try await stack.deploy()
            #expect(failed.deployment.status == .failed)
            #expect(failed.deployment.longStatus.contains("Build of toolhunt-api failed"))
            #expect(failed.deployment.longStatus.contains("missing semicolon"))
            #expect(failed.runs.allSatisfy { $0.status == .skipped })
            #expect(try await stack.states()["toolhunt-api"]?.pids == pids)
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    @Test func failingOneOffSkipsDependentsAndNamesTheCause() async throws {
        let stack = try await Stack()
        do {
            let config = try String(contentsOf: stack.configFile, encoding: .utf8)
                .replacingOccurrences(of: "command: migratedb", with: "command: echo 'relation tools exists' >&2; exit 4")
            try await stack.putConfig(config)
            let failed = try await stack.deploy()
            #expect(failed.deployment.status == .failed)
            let r = runs(failed)
            #expect(r["toolhunt-migratedb"]?.status == .failed)
            #expect(r["toolhunt-migratedb"]?.longStatus.contains("relation tools exists") == true)
            #expect(r["toolhunt-api"]?.longStatus == "Skipped due to previous failure")
            #expect(failed.deployment.longStatus.contains("toolhunt-migratedb"))
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    /// A deployment that waited behind another plans again when it starts: the one before
    /// it added `extra`, its own config has none, so it stops `extra` although its first plan,
    /// made before `extra` ran, had nothing to stop.
    @Test func aQueuedDeploymentPlansAgainWhenItStarts() async throws {
        let stack = try await Stack()
        do {
            let base = try String(contentsOf: stack.configFile, encoding: .utf8)
            let withExtra = base + """

                  slow:
                    type: one-off
                    build: {reuse-from: toolhunt-api}
                    run: {command: sleep 2}
                  extra:
                    type: continuous
                    build: {reuse-from: toolhunt-api}
                    wait-for: [slow]
                    run: {command: sleep 613}

                """
            try await stack.putConfig(withExtra)
            let adding = try await stack.core.create(Wire.CreateDeploymentRequest(tool: "toolhunt"))
            try await stack.putConfig(base)
            let dropping = try await stack.core.create(Wire.CreateDeploymentRequest(tool: "toolhunt"))
            let droppingID = try #require(dropping.deployment?.deployId)
            #expect(dropping.deployment?.runs.contains { $0.component == "extra" } == false, "extra did not run yet when it was planned")

            let added = try await stack.waitForEnd(try #require(adding.deployment?.deployId))
            #expect(added.deployment.status == .successful, "\(added.deployment.longStatus)")
            let dropped = try await stack.waitForEnd(droppingID)
            #expect(dropped.deployment.status == .successful, "\(dropped.deployment.longStatus)")
            let stop = try #require(runs(dropped)["extra"], "the plan at start stops extra")
            #expect(stop.status == .successful)
            #expect(try await stack.states()["extra"] == nil)
            let plan = try JSONDecoder().decode(Plan.self, from: Data(dropped.deployment.planJSON.utf8))
            #expect(plan.steps.contains { $0.kind == .stop && $0.component == "extra" }, "the stored plan is the one carried out")
            // The fidelity check is stored just after the final status.
            var fidelity: String?
            for _ in 0..<100 where fidelity == nil {
                fidelity = try await stack.core.store.snapshot(droppingID)?.deployment.planFidelityJSON
                if fidelity == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(fidelity?.contains("\"ok\":true") == true, "\(fidelity ?? "no plan fidelity")")
            let leftover = try? await ComponentsdProcess.runOnce(["-f", "sleep 613"], executable: URL(fileURLWithPath: "/usr/bin/pgrep"))
            #expect(leftover == nil, "extra's process was stopped")
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    @Test func hostileRefsAreRefusedBeforeAnythingRuns() async throws {
        let stack = try await Stack()
        do {
            let marker = stack.folder.appendingPathComponent("pwned")
            let config = try String(contentsOf: stack.configFile, encoding: .utf8)
            // The config service refuses these already; the executor checks again before git.
            await #expect(throws: (any Error).self) {
                _ = try await stack.backend.resolveCommit(repository: "--upload-pack=touch \(marker.path)", ref: "main")
            }
            await #expect(throws: (any Error).self) {
                _ = try await stack.backend.resolveCommit(repository: "ext::sh -c touch% \(marker.path)", ref: "main")
            }
            let repo = "file://" + stack.folder.appendingPathComponent("repos/toolhunt").path
            await #expect(throws: (any Error).self) { _ = try await stack.backend.resolveCommit(repository: repo, ref: "-x") }
            await #expect(throws: (any Error).self) {
                _ = try await stack.backend.resolveCommit(repository: repo, ref: "--upload-pack=touch \(marker.path)")
            }
            #expect(!FileManager.default.fileExists(atPath: marker.path))
            _ = config
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }
}
