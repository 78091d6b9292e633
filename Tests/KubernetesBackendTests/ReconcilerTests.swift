import KubernetesBackend
import Testing
import ToolConfig

/// Layer 2: the reconcile logic against ``KubernetesAPIDouble``, an in-memory double of the
/// API server. No cluster is involved.
@Suite struct ReconcilerTests {
    let generator = ManifestGenerator()

    func desired(_ config: ToolConfiguration, deployID: String, images: [String: String] = [:]) -> [KubernetesObject] {
        generator.objects(for: ManifestInput(tool: "toolhunt", config: config, deployID: deployID, images: images))
    }

    /// A double holding toolhunt as a first deployment applied it, with its requests cleared.
    func deployedToolhunt() async throws -> (KubernetesAPIDouble, ToolConfiguration) {
        let api = KubernetesAPIDouble()
        let config = try ManifestFixtures.toolhunt
        _ = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: desired(config, deployID: "20261202-090000-aaaaaaaaaa"))
        await api.clearRequests()
        return (api, config)
    }

    @Test func aFirstDeployCreatesEveryObjectInApplyOrder() async throws {
        let api = KubernetesAPIDouble()
        let objects = desired(try ManifestFixtures.toolhunt, deployID: "20261202-090000-aaaaaaaaaa")
        let report = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: objects)
        #expect(report.created == objects.map(\.objectReference))
        #expect(report.updated.isEmpty && report.unchanged.isEmpty && report.deleted.isEmpty)
        #expect(await api.writes.map(\.target) == objects.map(\.objectReference.description))
        #expect(await api.storedReferences == objects.map(\.objectReference).sorted())
        // One list per kind the generator makes, before any write.
        let verbs = await api.requests.map(\.verb)
        #expect(verbs.prefix(while: { $0 == "list" }).count == ManifestGenerator.kinds.count)
        #expect(verbs.filter { $0 == "list" }.count == ManifestGenerator.kinds.count)
    }

    @Test func anUnchangedRedeployWritesNothing() async throws {
        let (api, config) = try await deployedToolhunt()
        let before = await api.storedReferences.asyncMap { await api.stored($0)?.resourceVersion }
        let objects = desired(config, deployID: "20261202-100000-bbbbbbbbbb")
        let report = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: objects)
        #expect(await api.writes == [])
        #expect(report.unchanged == objects.map(\.objectReference))
        #expect(await api.requests.allSatisfy { $0.verb == "list" })
        #expect(await api.storedReferences.asyncMap { await api.stored($0)?.resourceVersion } == before)
    }

    @Test func aOneComponentChangeWritesOnlyThatComponentsObjects() async throws {
        let (api, config) = try await deployedToolhunt()
        var changed = config
        changed.components["toolhunt-flower"]?.run.replicas = 2
        let report = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: desired(changed, deployID: "20261202-100000-bbbbbbbbbb"))
        #expect(await api.writes.map(\.description) == ["apply Deployment/tool-toolhunt/toolhunt-flower"])
        #expect(report.updated.map(\.name) == ["toolhunt-flower"])
        let flower = try #require(await api.stored(report.updated[0]))
        #expect(flower.labels[ObjectLabels.deployID] == "20261202-100000-bbbbbbbbbb")
        #expect(flower.body["spec"]?["replicas"] == 2)
        // The objects left alone keep the deploy id that last wrote them.
        let service = try #require(await api.storedReferences.first { $0.kind.kind == "Service" && $0.name == "toolhunt-flower" })
        #expect(await api.stored(service)?.labels[ObjectLabels.deployID] == "20261202-090000-aaaaaaaaaa")
    }

    @Test func aNewImageOfOneRepositoryRollsOnlyTheComponentsRunningIt() async throws {
        let (api, config) = try await deployedToolhunt()
        let objects = desired(config, deployID: "20261202-100000-bbbbbbbbbb", images: ["toolhunt-cleanup": "registry.example/cleanup@sha256:0123"])
        let report = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: objects)
        #expect(await api.writes.map(\.description) == ["apply CronJob/tool-toolhunt/toolhunt-cleanup"])
        #expect(report.updated.count == 1 && report.created.isEmpty)
    }

    @Test func aRemovedComponentsObjectsAreDeletedAndNothingElseIsWritten() async throws {
        let (api, config) = try await deployedToolhunt()
        var smaller = config
        smaller.components["toolhunt-flower"] = nil
        let report = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: desired(smaller, deployID: "20261202-100000-bbbbbbbbbb"))
        #expect(Set(report.deleted.map(\.description)) == ["Deployment/tool-toolhunt/toolhunt-flower", "Service/tool-toolhunt/toolhunt-flower",
                                                           "Ingress/tool-toolhunt/toolhunt-flower"])
        #expect(await api.writes.allSatisfy { $0.verb == "delete" })
        #expect(await api.writes.count == 3)
        #expect(await !api.storedReferences.contains { $0.name == "toolhunt-flower" })
    }

    @Test func removingTheOnlyScheduledComponentDeletesItsCronJob() async throws {
        let (api, config) = try await deployedToolhunt()
        var smaller = config
        smaller.components["toolhunt-cleanup"] = nil
        let objects = desired(smaller, deployID: "20261202-100000-bbbbbbbbbb")
        #expect(!objects.contains { $0.kind == "CronJob" })
        let report = try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: objects)
        #expect(report.deleted.map(\.description) == ["CronJob/tool-toolhunt/toolhunt-cleanup"])
        #expect(await api.writes.map(\.description) == ["delete CronJob/tool-toolhunt/toolhunt-cleanup"])
    }

    @Test func aRejectedApplyFailsNamingTheObjectAndTheAPIsMessage() async throws {
        let (api, config) = try await deployedToolhunt()
        var changed = config
        changed.components["toolhunt-api"]?.run.replicas = 40
        await api.failNextApply(of: ObjectKind(apiVersion: "apps/v1", kind: "Deployment"), with: KubernetesAPIError(
            code: .forbidden, object: nil, message: "exceeded quota: quota, requested: pods=40, used: pods=3, limited: pods=32"))
        let error = await #expect(throws: KubernetesAPIError.self) {
            try await Reconciler(api: api).reconcile(tool: "toolhunt", desired: desired(changed, deployID: "d2"))
        }
        #expect(error?.code == .forbidden)
        #expect(error?.description == "Deployment/tool-toolhunt/toolhunt-api: exceeded quota: quota, requested: pods=40, used: pods=3, limited: pods=32 (HTTP 403)")
        #expect(error?.code.isRetryable == false)
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}
