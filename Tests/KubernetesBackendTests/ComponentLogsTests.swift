import KubernetesBackend
import Testing

/// Layer 2: a component's logs through the pod log API of ``KubernetesAPIDouble`` (an
/// in-memory double, not a cluster).
@Suite struct ComponentLogsTests {
    func apiWithPods() async -> KubernetesAPIDouble {
        let api = KubernetesAPIDouble()
        let api1 = [ObjectLabels.tool: "toolhunt", ObjectLabels.component: "toolhunt-api"]
        await api.addPod(namespace: "tool-toolhunt", name: "toolhunt-api-7d9-b", labels: api1, log: "b1\nb2\nb3\n")
        await api.addPod(namespace: "tool-toolhunt", name: "toolhunt-api-7d9-a", labels: api1, log: "a1\na2\n")
        await api.addPod(namespace: "tool-toolhunt", name: "toolhunt-flower-5c4-x", labels: [ObjectLabels.tool: "toolhunt", ObjectLabels.component: "toolhunt-flower"], log: "f\n")
        await api.addPod(namespace: "tool-other", name: "toolhunt-api-1", labels: [ObjectLabels.tool: "other", ObjectLabels.component: "toolhunt-api"], log: "not ours\n")
        return api
    }

    @Test func theLastLinesOfEachOfTheComponentsPodsByName() async throws {
        let api = await apiWithPods()
        let logs = try await ComponentLogs(api: api).tail(tool: "toolhunt", component: "toolhunt-api", lines: 2)
        #expect(logs == [.init(pod: "toolhunt-api-7d9-a", text: "a1\na2\n"), .init(pod: "toolhunt-api-7d9-b", text: "b2\nb3\n")])
        #expect(await api.requests.map(\.description) == [
            "list Pod in tool-toolhunt",
            "log Pod/tool-toolhunt/toolhunt-api-7d9-a?tailLines=2",
            "log Pod/tool-toolhunt/toolhunt-api-7d9-b?tailLines=2",
        ])
    }

    @Test func aComponentWithoutPodsHasNoLogs() async throws {
        let api = await apiWithPods()
        #expect(try await ComponentLogs(api: api).tail(tool: "toolhunt", component: "toolhunt-cleanup", lines: nil) == [])
    }

    @Test func aPodGoneBeforeItsLogIsReadIsLeftOut() async throws {
        let api = PodVanishingAPI(inner: await apiWithPods(), vanishing: "toolhunt-api-7d9-a")
        let logs = try await ComponentLogs(api: api).tail(tool: "toolhunt", component: "toolhunt-api", lines: nil)
        #expect(logs == [.init(pod: "toolhunt-api-7d9-b", text: "b1\nb2\nb3\n")])
    }
}

/// The double, with one pod removed by its controller right after each list.
struct PodVanishingAPI: KubernetesAPI {
    var inner: KubernetesAPIDouble
    var vanishing: String

    func apply(_ object: KubernetesObject, fieldManager: String) async throws(KubernetesAPIError) -> StoredObject {
        try await inner.apply(object, fieldManager: fieldManager)
    }
    func get(_ reference: ObjectReference) async throws(KubernetesAPIError) -> StoredObject? { try await inner.get(reference) }
    func list(_ kind: ObjectKind, namespace: String?, labels: [String: String]) async throws(KubernetesAPIError) -> ObjectList {
        let list = try await inner.list(kind, namespace: namespace, labels: labels)
        if let namespace { await inner.removePod(namespace: namespace, name: vanishing) }
        return list
    }
    func watch(_ kind: ObjectKind, namespace: String?, labels: [String: String], resourceVersion: String) async -> AsyncThrowingStream<WatchEvent, any Error> {
        await inner.watch(kind, namespace: namespace, labels: labels, resourceVersion: resourceVersion)
    }
    func delete(_ reference: ObjectReference) async throws(KubernetesAPIError) { try await inner.delete(reference) }
    func podLog(namespace: String, pod: String, tailLines: Int?) async throws(KubernetesAPIError) -> String {
        try await inner.podLog(namespace: namespace, pod: pod, tailLines: tailLines)
    }
}
