import KubernetesBackend
import Testing
import ToolConfig

/// Layer 2: waiting for wait-for conditions through list and watch, against
/// ``KubernetesAPIDouble`` (an in-memory double, not a cluster). The tests play the cluster's
/// controllers by setting statuses.
@Suite struct StatusWatcherTests {
    let labels = [ObjectLabels.tool: "toolhunt", ObjectLabels.managedBy: ObjectLabels.manager]

    /// toolhunt applied to a fresh double, and the reference of its object of `kind` and `name`.
    func applied(_ kind: String, _ name: String) async throws -> (KubernetesAPIDouble, ObjectReference) {
        let api = KubernetesAPIDouble()
        let objects = ManifestGenerator().objects(for: ManifestInput(tool: "toolhunt", config: try ManifestFixtures.toolhunt, deployID: "d1"))
        _ = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: objects)
        let reference = try #require(objects.first { $0.kind == kind && $0.name.hasPrefix(name) }?.objectReference)
        await api.clearRequests()
        return (api, reference)
    }

    func waiting(_ api: KubernetesAPIDouble, for reference: ObjectReference) -> Task<Readiness, any Error> {
        let watcher = StatusWatcher(api: api)
        let labels = labels
        return Task { try await watcher.wait(for: reference, labels: labels, rule: Readiness.rule(for: reference.kind)) }
    }

    /// Waits (bounded) until the watcher has opened `count` watches.
    func untilWatches(_ api: KubernetesAPIDouble, _ count: Int) async throws {
        for _ in 0..<500 where await api.requests.filter({ $0.verb == "watch" }).count < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await api.requests.filter { $0.verb == "watch" }.count == count)
    }

    static let rolledOut: ManifestValue = ["observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1]
    static let rollingOut: ManifestValue = ["observedGeneration": 1, "replicas": 2, "updatedReplicas": 1, "availableReplicas": 1]

    @Test func aRolloutIsDoneWhenTheNewSpecIsObservedAndEveryReplicaUpdatedAndAvailable() async throws {
        let (api, deployment) = try await applied("Deployment", "toolhunt-api")
        let wait = waiting(api, for: deployment)
        try await untilWatches(api, 1)
        await api.setStatus(deployment, ["observedGeneration": 0, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1])
        await api.setStatus(deployment, Self.rollingOut)
        await api.setStatus(deployment, Self.rolledOut)
        #expect(try await wait.value == .done)
        #expect(await api.requests.map(\.verb) == ["list", "watch"])
    }

    @Test func aFailedJobFailsWithTheAPIsReasonAndMessage() async throws {
        let (api, job) = try await applied("Job", "toolhunt-migratedb")
        let wait = waiting(api, for: job)
        await api.setStatus(job, ["active": 1])
        await api.setStatus(job, ["conditions": [["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                                                  "message": "Job has reached the specified backoff limit"]]])
        #expect(try await wait.value == .failed("BackoffLimitExceeded: Job has reached the specified backoff limit"))
    }

    @Test func aCompletedJobIsDone() async throws {
        let (api, job) = try await applied("Job", "toolhunt-migratedb")
        await api.setStatus(job, ["conditions": [["type": "Complete", "status": "True"]], "succeeded": 1])
        #expect(try await waiting(api, for: job).value == .done)
        #expect(await api.requests.map(\.verb) == ["list"])
    }

    @Test func aWatchBrokenMidRolloutIsResumedFromTheLastVersionSeenWithoutAList() async throws {
        let (api, deployment) = try await applied("Deployment", "toolhunt-api")
        let wait = waiting(api, for: deployment)
        try await untilWatches(api, 1)
        await api.setStatus(deployment, Self.rollingOut)
        let midRollout = try #require(await api.stored(deployment)).resourceVersion
        for _ in 0..<100 { await Task.yield() }
        await api.breakWatches()
        try await untilWatches(api, 2)
        await api.setStatus(deployment, Self.rolledOut)
        #expect(try await wait.value == .done)
        let requests = await api.requests
        #expect(requests.map(\.verb) == ["list", "watch", "watch"])
        // Resumed from the event it saw, or (had it not yet read it) from the list's version.
        let resumedFrom = requests[2].target.split(separator: "=").last.flatMap { Int($0) } ?? -1
        #expect(resumedFrom <= Int(midRollout) ?? 0 && resumedFrom > 0)
    }

    @Test func aVersionTheServerNoLongerHasFallsBackToANewList() async throws {
        let (api, deployment) = try await applied("Deployment", "toolhunt-api")
        let wait = waiting(api, for: deployment)
        try await untilWatches(api, 1)
        // The connection drops; the rollout completes and history is compacted meanwhile.
        await api.disconnect { api in
            api.setStatus(deployment, Self.rolledOut)
            api.compact()
        }
        #expect(try await wait.value == .done)
        #expect(await api.requests.map(\.verb) == ["list", "watch", "watch", "list"])
    }

    @Test func aRestartedExecutorFindsItsObjectsByLabelAlone() async throws {
        let (api, deployment) = try await applied("Deployment", "toolhunt-api")
        await api.setStatus(deployment, Self.rolledOut)
        // A new watcher and reconciler, with no state but the tool's name.
        #expect(try await waiting(api, for: deployment).value == .done)
        let objects = ManifestGenerator().objects(for: ManifestInput(tool: "toolhunt", config: try ManifestFixtures.toolhunt, deployID: "d2"))
        let report = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: objects)
        #expect(report.unchanged.count == objects.count)
        #expect(await api.writes.isEmpty)
    }
}
