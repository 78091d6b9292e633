import ComponentsTesting
import Foundation
import Protocol
import Testing
@testable import ExecutorService

/// The retention sweep deletes what no kept deployment and no running component needs:
/// pruned deployments' logs, images and repository mirrors; and it reports each tool's disk.
@Suite(.serialized) struct RetentionSweeperTests {
    private func folders(_ url: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
    }

    /// Deploys the toolhunt example with a one-off `extra` built from a repository of its
    /// own, then twice without it; answers the three deployments and extra's image.
    private func deployExtraThenDropIt(_ stack: LocalDeploymentTests.Stack) async throws -> (first: DeploymentSnapshot, second: DeploymentSnapshot, third: DeploymentSnapshot, extraImage: String) {
        let base = try String(contentsOf: stack.configFile, encoding: .utf8)
        let extraRepository = try TemporaryGitRepository(in: stack.folder.appendingPathComponent("repos"), name: "extra")
        try extraRepository.commit(["run.sh": "echo extra\n"])
        try await stack.putConfig(base + """

              extra:
                type: one-off
                build: {repository: "\(extraRepository.url)", ref: main}
                run: {command: sh run.sh}

            """)
        let first = try await stack.deploy()
        #expect(first.deployment.status == .successful, "\(first.deployment.longStatus)")
        let extraImage = try #require(first.builds.first { $0.component == "extra" }?.image)
        try await stack.putConfig(base)
        let second = try await stack.deploy()
        #expect(second.deployment.status == .successful, "\(second.deployment.longStatus)")
        let third = try await stack.deploy()
        #expect(third.deployment.status == .successful)
        return (first, second, third, extraImage)
    }

    @Test func whatNothingNeedsIsDeletedAndWhatRunsIsKept() async throws {
        let stack = try await LocalDeploymentTests.Stack { configuration in
            configuration.keepDeployments = 1
            configuration.rollbackTargets = 0
            configuration.keepUnusedFor = .zero
        }
        do {
            let state = stack.folder.appendingPathComponent("executor")
            let (first, second, third, extraImage) = try await deployExtraThenDropIt(stack)
            let mirrorsBefore = folders(state.appendingPathComponent("git/mirrors"))
            #expect(mirrorsBefore.count == 3)

            let report = try await stack.core.sweeper.sweep()

            // Only the newest deployment is kept; the first one's folder stays, as the
            // components it started write there; the second's (it stopped extra) goes.
            let stored = try await stack.core.store.list(tool: "toolhunt", limit: 10).map(\.deployment.deployId)
            #expect(stored == [third.deployment.deployId])
            #expect(report.removedLogFolders == [second.deployment.deployId])
            #expect(folders(state.appendingPathComponent("logs")) == [first.deployment.deployId, third.deployment.deployId])
            // extra's image and mirror are gone; the images of what runs stay, and it still runs.
            #expect(report.storage.removedImages == [extraImage])
            #expect(report.storage.removedMirrors.count == 1)
            #expect(folders(state.appendingPathComponent("git/mirrors")).count == 2)
            let live = try await stack.core.store.componentStates(tool: "toolhunt")
            #expect(!live.isEmpty)
            for component in live {
                #expect(FileManager.default.fileExists(atPath: component.imagePath), "\(component.component) keeps its image")
            }
            #expect(try await stack.states()["toolhunt-api"]?.health == .healthy)

            // Disk per tool, in the report and in the executor's metrics.
            let disk = try #require(report.diskBytes["toolhunt"])
            #expect(disk.logs > 0 && disk.images > 0)
            let text = stack.metrics.text()
            #expect(text.contains(#"components_executor_tool_disk_bytes{tool="toolhunt",kind="images"}"#), "\(text)")

            // A second sweep finds nothing more to delete.
            let again = try await stack.core.sweeper.sweep()
            #expect(again.removedLogFolders.isEmpty && again.storage == StorageSweepResult())
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    /// The newest successful deployments stay as rollback targets beyond `keepDeployments`,
    /// and so do their images; a pruned one is refused as a target, naming the oldest one left.
    @Test func rollbackTargetsOutliveKeepDeploymentsWithTheirImages() async throws {
        let stack = try await LocalDeploymentTests.Stack { configuration in
            configuration.keepDeployments = 1
            configuration.rollbackTargets = 2
            configuration.keepUnusedFor = .zero
        }
        do {
            let (first, second, third, extraImage) = try await deployExtraThenDropIt(stack)
            let report = try await stack.core.sweeper.sweep()
            let stored = try await stack.core.store.list(tool: "toolhunt", limit: 10).map(\.deployment.deployId)
            #expect(stored == [third.deployment.deployId, second.deployment.deployId])
            #expect(report.storage.removedImages == [extraImage], "only the pruned first deployment's own image goes")

            let pruned = await #expect(throws: RPCError.self) {
                try await stack.core.rollback(Wire.RollbackDeploymentRequest(tool: "toolhunt", deployId: first.deployment.deployId))
            }
            #expect(pruned?.message.contains("the oldest deployment you can roll back to is \(second.deployment.deployId)") == true,
                    "\(String(describing: pruned))")
            let rolled = try await stack.core.rollback(Wire.RollbackDeploymentRequest(tool: "toolhunt", deployId: second.deployment.deployId))
            let ended = try await stack.waitForEnd(try #require(rolled.deployment?.deployId))
            #expect(ended.deployment.status == .successful, "\(ended.deployment.longStatus)")
            #expect(ended.builds.allSatisfy { $0.status == .skipped })
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    @Test func imagesUsedLatelyAreSpared() async throws {
        let stack = try await LocalDeploymentTests.Stack { configuration in
            configuration.keepDeployments = 1
        }
        do {
            _ = try await deployExtraThenDropIt(stack)
            // Unused now, but used within the default hour: a deployment may reuse it.
            let report = try await stack.core.sweeper.sweep()
            #expect(report.storage == StorageSweepResult())
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }
}
