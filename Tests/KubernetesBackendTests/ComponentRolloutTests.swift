import KubernetesBackend
import Testing
import ToolConfig

/// Layer 2: one component's run step (apply, then wait for its goal) against
/// ``KubernetesAPIDouble`` (an in-memory double, not a cluster), whose simplified controllers
/// roll out Deployments and finish Jobs while the step waits.
@Suite struct ComponentRolloutTests {
    func objects(_ config: ToolConfiguration, deployID: String) -> [KubernetesObject] {
        ManifestGenerator().objects(for: ManifestInput(tool: "toolhunt", config: config, deployID: deployID))
    }

    /// Runs `body` while a stand-in for the cluster's controllers settles the double every few ms.
    func withControllers<T: Sendable>(_ api: KubernetesAPIDouble, failing: Set<String> = [],
                                      _ body: @Sendable () async throws -> T) async throws -> T {
        let controllers = Task {
            while !Task.isCancelled {
                await api.settle(failing: failing)
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        defer { controllers.cancel() }
        return try await body()
    }

    @Test func toolhuntInPlanOrderWritesEachComponentsObjectsOnceAndReachesEachGoal() async throws {
        let api = KubernetesAPIDouble()
        let all = objects(try ManifestFixtures.toolhunt, deployID: "d1")
        let rollout = ComponentRollout(api: api)
        for level in [["toolhunt-migratedb"], ["toolhunt-api"], ["toolhunt-cleanup", "toolhunt-flower"]] {
            for component in level {
                await api.clearRequests()
                let outcome = try await withControllers(api) { try await rollout.run(tool: "toolhunt", component: component, objects: all) }
                #expect(outcome.readiness == .done, "\(component)")
                let written = await api.writes.map(\.target)
                let expected = all.filter { $0.component == component || ($0.component == nil && component == "toolhunt-migratedb") }
                #expect(written == expected.map(\.objectReference.description), "\(component)")
            }
        }
        // The same deployment again: nothing to write, every goal already met.
        for component in ["toolhunt-migratedb", "toolhunt-api", "toolhunt-cleanup", "toolhunt-flower"] {
            await api.clearRequests()
            let outcome = try await rollout.run(tool: "toolhunt", component: component, objects: all)
            #expect(outcome.readiness == .done && outcome.applied.written.isEmpty, "\(component)")
            #expect(await api.requests.allSatisfy { $0.verb == "list" })
        }
    }

    @Test func aFailedJobIsAFailedRunWithTheAPIsReason() async throws {
        let api = KubernetesAPIDouble()
        let all = objects(try ManifestFixtures.toolhunt, deployID: "d1")
        let outcome = try await withControllers(api, failing: ["toolhunt-migratedb"]) {
            try await ComponentRollout(api: api).run(tool: "toolhunt", component: "toolhunt-migratedb", objects: all)
        }
        #expect(outcome.readiness == .failed("BackoffLimitExceeded: Job has reached the specified backoff limit"))
    }

    @Test func aQuotaExceededFailsTheRunNamingTheObject() async throws {
        let api = KubernetesAPIDouble()
        let all = objects(try ManifestFixtures.toolhunt, deployID: "d1")
        await api.failNextApply(of: ObjectKind(apiVersion: "apps/v1", kind: "Deployment"), with: KubernetesAPIError(
            code: .forbidden, object: nil, message: "exceeded quota: quota, requested: pods=1, used: pods=32, limited: pods=32"))
        let error = await #expect(throws: KubernetesAPIError.self) {
            try await ComponentRollout(api: api).run(tool: "toolhunt", component: "toolhunt-api", objects: all)
        }
        #expect(error?.object?.description == "Deployment/tool-toolhunt/toolhunt-api")
        #expect(error?.message.hasPrefix("exceeded quota") == true)
    }
}
