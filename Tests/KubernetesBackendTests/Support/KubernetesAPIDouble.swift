import Foundation
import KubernetesBackend

/// An in-memory stand-in for the Kubernetes API server: a double, not a cluster. It keeps
/// objects with a global resourceVersion, answers the verbs the backend uses (server-side
/// apply, get, list, watch, delete, pod logs) and records every request, so tests assert what the
/// backend sent. Like the real server, an apply that changes nothing keeps the object's
/// resourceVersion, a watch replays changes after its version, and a version older than the
/// compacted history fails with 410 Gone. Tests play the cluster's controllers through
/// ``setStatus(_:_:)`` and inject API errors through ``failNextApply(of:with:)``.
actor KubernetesAPIDouble: KubernetesAPI {
    /// One request as sent: verb and target.
    struct Request: Sendable, Hashable, CustomStringConvertible {
        var verb: String
        var target: String
        var description: String { "\(verb) \(target)" }
        var isWrite: Bool { verb == "apply" || verb == "delete" }
    }

    private(set) var requests: [Request] = []
    private var objects: [ObjectReference: StoredObject] = [:]
    private var revision = 0
    private var history: [(revision: Int, event: WatchEvent)] = []
    private var compactedThrough = 0
    private var watchers: [UUID: Watcher] = [:]
    private var applyFailures: [ObjectKind: [KubernetesAPIError]] = [:]
    private var podLogs: [ObjectReference: String] = [:]

    private struct Watcher {
        var kind: ObjectKind
        var namespace: String?
        var labels: [String: String]
        var continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation
    }

    /// Fields the server owns; an apply leaves them as they are.
    private static let serverMetadata = ["resourceVersion", "generation", "uid", "creationTimestamp"]

    func apply(_ object: KubernetesObject, fieldManager: String) throws(KubernetesAPIError) -> StoredObject {
        let reference = object.objectReference
        requests.append(Request(verb: "apply", target: reference.description))
        if let failure = applyFailures[object.objectKind]?.first {
            applyFailures[object.objectKind]?.removeFirst()
            throw KubernetesAPIError(code: failure.code, object: reference, message: failure.message)
        }
        let existing = objects[reference]
        if let existing, Self.userFields(existing.body) == Self.userFields(object.body) { return existing }
        revision += 1
        let specChanged = existing.map { Self.specFields($0.body) != Self.specFields(object.body) } ?? true
        let generation = (existing?.body["metadata"]?["generation"].flatMap { if case .int(let value) = $0 { value } else { nil } } ?? 0)
            + (specChanged ? 1 : 0)
        var body = object.body.updating(["metadata"]) { metadata in
            metadata["resourceVersion"] = .string(String(revision))
            metadata["generation"] = .int(generation)
            metadata["uid"] = existing?.body["metadata"]?["uid"] ?? .string(UUID().uuidString.lowercased())
        }
        if let status = existing?.body["status"] { body = body.updating([]) { $0["status"] = status } }
        let stored = StoredObject(reference: reference, body: body)
        objects[reference] = stored
        publish(WatchEvent(type: existing == nil ? .added : .modified, object: stored))
        return stored
    }

    func get(_ reference: ObjectReference) throws(KubernetesAPIError) -> StoredObject? {
        requests.append(Request(verb: "get", target: reference.description))
        return objects[reference]
    }

    func list(_ kind: ObjectKind, namespace: String?, labels: [String: String]) throws(KubernetesAPIError) -> ObjectList {
        requests.append(Request(verb: "list", target: Self.collection(kind, namespace)))
        let items = objects.values.filter { Self.matches($0, kind, namespace, labels) }.sorted { $0.reference < $1.reference }
        return ObjectList(items: items, resourceVersion: String(revision))
    }

    func watch(_ kind: ObjectKind, namespace: String?, labels: [String: String], resourceVersion: String) -> AsyncThrowingStream<WatchEvent, any Error> {
        requests.append(Request(verb: "watch", target: "\(Self.collection(kind, namespace))?resourceVersion=\(resourceVersion)"))
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        guard let from = Int(resourceVersion), from >= compactedThrough else {
            continuation.finish(throwing: KubernetesAPIError(code: .gone, object: nil,
                message: "too old resource version: \(resourceVersion) (\(compactedThrough))"))
            return stream
        }
        for entry in history where entry.revision > from && Self.matches(entry.event.object, kind, namespace, labels) {
            continuation.yield(entry.event)
        }
        watchers[UUID()] = Watcher(kind: kind, namespace: namespace, labels: labels, continuation: continuation)
        return stream
    }

    func delete(_ reference: ObjectReference) throws(KubernetesAPIError) {
        requests.append(Request(verb: "delete", target: reference.description))
        guard let existing = objects.removeValue(forKey: reference) else { return }
        revision += 1
        publish(WatchEvent(type: .deleted, object: existing))
    }

    func podLog(namespace: String, pod: String, tailLines: Int?) throws(KubernetesAPIError) -> String {
        requests.append(Request(verb: "log", target: "Pod/\(namespace)/\(pod)\(tailLines.map { "?tailLines=\($0)" } ?? "")"))
        let reference = ObjectReference(kind: ComponentLogs.pod, namespace: namespace, name: pod)
        guard objects[reference] != nil, let log = podLogs[reference] else {
            throw KubernetesAPIError(code: .notFound, object: reference, message: "pods \"\(pod)\" not found")
        }
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).dropLast(log.hasSuffix("\n") ? 1 : 0)
        return lines.suffix(tailLines ?? lines.count).map { $0 + "\n" }.joined()
    }

    // MARK: The cluster's side, driven by tests

    /// A pod as a controller would start it, with `log` as its output so far.
    func addPod(namespace: String, name: String, labels: [String: String], log: String) {
        let reference = ObjectReference(kind: ComponentLogs.pod, namespace: namespace, name: name)
        revision += 1
        let stored = StoredObject(reference: reference, body: [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": .object(labels.mapValues { .string($0) }),
                         "resourceVersion": .string(String(revision))],
        ])
        objects[reference] = stored
        podLogs[reference] = log
        publish(WatchEvent(type: .added, object: stored))
    }

    /// Removes a pod without a request, as its controller would.
    func removePod(namespace: String, name: String) {
        let reference = ObjectReference(kind: ComponentLogs.pod, namespace: namespace, name: name)
        guard let existing = objects.removeValue(forKey: reference) else { return }
        revision += 1
        publish(WatchEvent(type: .deleted, object: existing))
    }

    /// Sets an object's `status` as a controller would; no request is recorded.
    func setStatus(_ reference: ObjectReference, _ status: ManifestValue) {
        guard let existing = objects[reference] else { return }
        revision += 1
        let body = existing.body.updating([]) { $0["status"] = status }
            .updating(["metadata"]) { $0["resourceVersion"] = .string(String(revision)) }
        let stored = StoredObject(reference: reference, body: body)
        objects[reference] = stored
        publish(WatchEvent(type: .modified, object: stored))
    }

    /// One pass of the controllers a cluster runs, made simple: every Deployment not yet
    /// rolled out to its newest spec becomes rolled out, and every Job without a verdict
    /// completes, or fails when its component is in `failing`.
    func settle(failing: Set<String> = []) {
        for (reference, object) in objects.sorted(by: { $0.key < $1.key }) {
            let generation = object.body["metadata"]?["generation"]?.intValue ?? 0
            switch reference.kind.kind {
            case "Deployment" where object.body["status"]?["observedGeneration"]?.intValue != generation:
                let replicas = ManifestValue.int(object.body["spec"]?["replicas"]?.intValue ?? 1)
                setStatus(reference, ["observedGeneration": .int(generation), "replicas": replicas,
                                      "updatedReplicas": replicas, "availableReplicas": replicas])
            case "Job" where object.body["status"]?["conditions"] == nil:
                let fails = object.labels[ObjectLabels.component].map(failing.contains) ?? false
                setStatus(reference, ["conditions": [fails
                    ? ["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"]
                    : ["type": "Complete", "status": "True"]]])
            default:
                continue
            }
        }
    }

    /// Forgets the change history, as etcd compaction does: watches from older versions get 410.
    func compact() {
        history.removeAll()
        compactedThrough = revision
    }

    /// Drops every open watch, as a broken connection or an API server restart would.
    func breakWatches() {
        for watcher in watchers.values { watcher.continuation.finish() }
        watchers.removeAll()
    }

    /// Drops every open watch and runs `change` before any client can watch again, as when
    /// things happen while a client is disconnected.
    func disconnect(whileDisconnected change: @Sendable (isolated KubernetesAPIDouble) -> Void) {
        breakWatches()
        change(self)
    }

    /// The next apply of `kind` fails with `error` (a quota exceeded, a rejected field, a
    /// 429); called again, the apply after that fails too.
    func failNextApply(of kind: ObjectKind, with error: KubernetesAPIError) {
        applyFailures[kind, default: []].append(error)
    }

    /// Every stored object, for assertions.
    func stored(_ reference: ObjectReference) -> StoredObject? { objects[reference] }
    var storedReferences: [ObjectReference] { objects.keys.sorted() }
    var writes: [Request] { requests.filter(\.isWrite) }
    func clearRequests() { requests.removeAll() }

    // MARK: Helpers

    private func publish(_ event: WatchEvent) {
        history.append((revision, event))
        for watcher in watchers.values where Self.matches(event.object, watcher.kind, watcher.namespace, watcher.labels) {
            watcher.continuation.yield(event)
        }
    }

    private static func matches(_ object: StoredObject, _ kind: ObjectKind, _ namespace: String?, _ labels: [String: String]) -> Bool {
        object.reference.kind == kind && object.reference.namespace == namespace
            && labels.allSatisfy { object.labels[$0.key] == $0.value }
    }

    private static func collection(_ kind: ObjectKind, _ namespace: String?) -> String {
        "\(kind.kind)\(namespace.map { " in \($0)" } ?? "")"
    }

    /// The body without the server's fields: what an apply sets.
    private static func userFields(_ body: ManifestValue) -> ManifestValue {
        body.updating([]) { $0["status"] = nil }.updating(["metadata"]) { metadata in
            for field in serverMetadata { metadata[field] = nil }
        }
    }

    /// Everything but metadata and status: what bumps `metadata.generation`.
    private static func specFields(_ body: ManifestValue) -> ManifestValue {
        body.updating([]) { $0["status"] = nil; $0["metadata"] = nil }
    }
}
