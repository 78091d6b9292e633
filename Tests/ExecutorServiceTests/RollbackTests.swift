import ComponentsTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PlannerService
import Protocol
import Testing
@testable import ExecutorService

/// Whole-tool rollback on real deployments of the toolhunt example: the target's config
/// version and images, no build, changed one-offs run again in order.
@Suite(.serialized) struct RollbackTests {
    typealias Stack = LocalDeploymentTests.Stack

    /// The schema version toolhunt's api answers on /tools (written by its migratedb one-off).
    private func schema(_ stack: Stack) async throws -> String {
        let port = try #require(try await stack.states()["toolhunt-api"]?.port)
        let (body, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/tools")!)
        let json = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        return json?["schema"] as? String ?? "none"
    }

    /// A second commit of the toolhunt repository whose migration writes schema `version`.
    private func commitMigration(_ stack: Stack, version: String) async throws {
        let repository = stack.folder.appendingPathComponent("repos/toolhunt")
        let migrate = repository.appendingPathComponent("migrate.py")
        let text = try String(contentsOf: migrate, encoding: .utf8).replacingOccurrences(of: "\"3\\n\"", with: "\"\(version)\\n\"")
        try text.write(to: migrate, atomically: true, encoding: .utf8)
        _ = try await offThePool {
            try TemporaryGitRepository.git(["-c", "user.name=t", "-c", "user.email=t@l", "commit", "-qam", "schema \(version)"], in: repository)
        }
    }

    private func rollback(_ stack: Stack, to id: String = "", onlyPlan: Bool = false) async throws -> Wire.Deployment {
        let created = try await stack.core.rollback(Wire.RollbackDeploymentRequest(tool: "toolhunt", deployId: id, onlyPlan: onlyPlan))
        return try #require(created.deployment)
    }

    @Test func rollbackServesTheFirstCommitBuildsNothingAndRerunsTheChangedOneOff() async throws {
        let stack = try await Stack()
        do {
            try await stack.putConfig(try String(contentsOf: stack.configFile, encoding: .utf8))
            let first = try await stack.deploy()
            #expect(first.deployment.status == .successful, "\(first.deployment.longStatus)")
            #expect(try await schema(stack) == "3")

            try await commitMigration(stack, version: "4")
            let second = try await stack.deploy()
            #expect(second.deployment.status == .successful, "\(second.deployment.longStatus)")
            #expect(try await schema(stack) == "4")

            // The plan alone: it names the target, builds nothing, and stores nothing.
            let planned = try await rollback(stack, onlyPlan: true)
            #expect(planned.rollbackOf == first.deployment.deployId)
            let plannedSteps = try #require(planned.plan).steps
            #expect(!plannedSteps.contains { $0.kind == .build }, "\(plannedSteps.map(\.id))")
            #expect(try await stack.core.store.snapshot(planned.deployId) == nil)

            // Without an id: the newest successful deployment before the latest, the first.
            let created = try await rollback(stack)
            #expect(created.rollbackOf == first.deployment.deployId)
            #expect(created.description.hasPrefix("Rollback to \(first.deployment.deployId)"), "\(created.description)")
            #expect(created.configVersion == first.deployment.configVersion)
            let rolled = try await stack.waitForEnd(created.deployId)
            #expect(rolled.deployment.status == .successful, "\(rolled.deployment.longStatus)")
            #expect(rolled.deployment.rollbackOf == first.deployment.deployId)
            let plan = try JSONDecoder().decode(Plan.self, from: Data(rolled.deployment.planJSON.utf8))
            #expect(!plan.steps.contains { $0.kind == .build }, "no build step: \(plan.steps.map(\.id))")
            #expect(rolled.builds.allSatisfy { $0.status == .skipped && $0.longStatus == "Reusing existing build" },
                    "\(rolled.builds.map { "\($0.component): \($0.status) \($0.longStatus)" })")
            // The images are exactly the first deployment's.
            #expect(Set(rolled.builds.map(\.image)) == Set(first.builds.map(\.image)))
            let runs = Dictionary(uniqueKeysWithValues: rolled.runs.map { ($0.component, $0) })
            // The one-off's image changed back, so it ran again, before the api restarted.
            #expect(runs["toolhunt-migratedb"]?.status == .successful, "\(runs["toolhunt-migratedb"]?.longStatus ?? "no run")")
            #expect(runs["toolhunt-api"]?.status == .successful)
            #expect(try #require(runs["toolhunt-migratedb"]?.endTimeMs) <= (try #require(runs["toolhunt-api"]?.startTimeMs)))
            #expect(try await schema(stack) == "3", "the first commit's migration and api serve again")

            // Rolling back again, by id, to the second deployment: it comes back too.
            let forward = try await stack.waitForEnd(try await rollback(stack, to: second.deployment.deployId).deployId)
            #expect(forward.deployment.status == .successful, "\(forward.deployment.longStatus)")
            #expect(try await schema(stack) == "4")
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }

    @Test func targetsThatCannotBeRolledBackToAreRefusedWithTheReason() async throws {
        let stack = try await Stack()
        do {
            // No deployment yet, then only one: nothing before the latest to go back to.
            await #expect(throws: RPCError.self) { try await rollback(stack) }
            let config = try String(contentsOf: stack.configFile, encoding: .utf8)
            try await stack.putConfig(config)
            let first = try await stack.deploy()
            #expect(first.deployment.status == .successful)
            let none = await #expect(throws: RPCError.self) { try await rollback(stack) }
            #expect(none?.code == .failedPrecondition)
            #expect(none?.message.contains("no successful deployment before its latest") == true, "\(String(describing: none))")

            // A failed deployment is no target; its id is refused, naming its status.
            try await stack.putConfig(config.replacingOccurrences(of: "command: migratedb", with: "command: exit 4"))
            let failed = try await stack.deploy()
            #expect(failed.deployment.status == .failed)
            let refused = await #expect(throws: RPCError.self) { try await rollback(stack, to: failed.deployment.deployId) }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains("is failed; only a successful deployment") == true, "\(String(describing: refused))")
            // After the failure, the default target is the last good deployment.
            #expect(try await rollback(stack, onlyPlan: true).rollbackOf == first.deployment.deployId)

            // Another tool cannot roll back to this tool's deployment: for it, the id names nothing.
            let foreign = await #expect(throws: RPCError.self) {
                try await stack.core.rollback(Wire.RollbackDeploymentRequest(tool: "mallory", deployId: first.deployment.deployId))
            }
            #expect(foreign?.code == .notFound)
            #expect(try await stack.core.store.list(tool: "mallory", limit: 10).isEmpty)

            // An id no stored deployment has: refused, naming the oldest possible target.
            let unknown = await #expect(throws: RPCError.self) { try await rollback(stack, to: "20200101-000000-aaaaaaaaaa") }
            #expect(unknown?.code == .notFound)
            #expect(unknown?.message.contains("the oldest deployment you can roll back to is \(first.deployment.deployId)") == true,
                    "\(String(describing: unknown))")
        } catch {
            await stack.close()
            throw error
        }
        await stack.close()
    }
}
