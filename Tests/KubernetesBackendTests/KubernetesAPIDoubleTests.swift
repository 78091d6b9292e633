import KubernetesBackend
import Testing

/// The double's own semantics, which the reconcile tests rely on: they must match the real
/// API server's in what the backend depends on.
@Suite struct KubernetesAPIDoubleTests {
    let service = KubernetesObject(apiVersion: "v1", kind: "Service", namespace: "tool-a", name: "api", component: "api",
                                   body: ["apiVersion": "v1", "kind": "Service",
                                          "metadata": ["name": "api", "namespace": "tool-a", "labels": ["t": "a"]],
                                          "spec": ["ports": [["port": 80]]]])
    var serviceKind: ObjectKind { service.objectKind }

    @Test func anApplyThatChangesNothingKeepsTheResourceVersionAndGeneration() async throws {
        let api = KubernetesAPIDouble()
        let first = try await api.apply(service, fieldManager: "components")
        let again = try await api.apply(service, fieldManager: "components")
        #expect(first.resourceVersion == again.resourceVersion)
        var relabelled = service
        relabelled.body = service.body.updating(["metadata", "labels"]) { $0["x"] = "y" }
        let labelled = try await api.apply(relabelled, fieldManager: "components")
        #expect(labelled.resourceVersion != first.resourceVersion)
        #expect(labelled.body["metadata"]?["generation"] == 1)
        var respecced = service
        respecced.body = service.body.updating(["spec"]) { $0["type"] = "ClusterIP" }
        #expect(try await api.apply(respecced, fieldManager: "components").body["metadata"]?["generation"] == 2)
    }

    @Test func listFiltersByKindNamespaceAndLabels() async throws {
        let api = KubernetesAPIDouble()
        _ = try await api.apply(service, fieldManager: "components")
        #expect(try await api.list(serviceKind, namespace: "tool-a", labels: ["t": "a"]).items.map(\.reference.name) == ["api"])
        #expect(try await api.list(serviceKind, namespace: "tool-a", labels: ["t": "b"]).items.isEmpty)
        #expect(try await api.list(serviceKind, namespace: "tool-b", labels: [:]).items.isEmpty)
    }

    @Test func aWatchReplaysChangesAfterItsVersionAndThenFollowsNewOnes() async throws {
        let api = KubernetesAPIDouble()
        let listed = try await api.list(serviceKind, namespace: "tool-a", labels: [:])
        _ = try await api.apply(service, fieldManager: "components")
        let stream = await api.watch(serviceKind, namespace: "tool-a", labels: ["t": "a"], resourceVersion: listed.resourceVersion)
        await api.setStatus(service.objectReference, ["loadBalancer": [:]])
        try await api.delete(service.objectReference)
        var seen: [WatchEvent.Kind] = []
        for try await event in stream {
            seen.append(event.type)
            if seen.count == 3 { break }
        }
        #expect(seen == [.added, .modified, .deleted])
    }

    @Test func aWatchFromACompactedVersionFailsWithGone() async throws {
        let api = KubernetesAPIDouble()
        let listed = try await api.list(serviceKind, namespace: "tool-a", labels: [:])
        _ = try await api.apply(service, fieldManager: "components")
        await api.compact()
        let stream = await api.watch(serviceKind, namespace: "tool-a", labels: [:], resourceVersion: listed.resourceVersion)
        let error = await #expect(throws: KubernetesAPIError.self) {
            for try await _ in stream {}
        }
        #expect(error?.code == .gone)
    }
}
