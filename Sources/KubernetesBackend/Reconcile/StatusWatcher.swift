/// Waits for one object to reach its goal the way controllers do: list once, then watch from
/// the list's resourceVersion. A watch that ends (a dropped connection, an API server
/// restart) is resumed from the last version seen; a version the server no longer has
/// (410 Gone) falls back to a new list. Cancel the task to stop waiting.
public struct StatusWatcher: Sendable {
    /// The API watched.
    public var api: any KubernetesAPI

    /// Creates a watcher; it keeps no state between calls.
    public init(api: any KubernetesAPI) {
        self.api = api
    }

    /// Answers once `rule` says `.done` or `.failed` for the object at `reference`, found
    /// among the objects with `labels` (so a restarted executor needs no state of its own).
    public func wait(for reference: ObjectReference, labels: [String: String],
                     rule: @Sendable (StoredObject?) -> Readiness) async throws -> Readiness {
        var resumeFrom: String?
        while true {
            try Task.checkCancellation()
            let from: String
            if let resumeFrom {
                from = resumeFrom
            } else {
                let list = try await api.list(reference.kind, namespace: reference.namespace, labels: labels)
                let verdict = rule(list.items.first { $0.reference == reference })
                if verdict != .waiting { return verdict }
                from = list.resourceVersion
            }
            resumeFrom = from
            var events = 0
            do {
                for try await event in await api.watch(reference.kind, namespace: reference.namespace, labels: labels, resourceVersion: from) {
                    events += 1
                    resumeFrom = event.object.resourceVersion
                    guard event.object.reference == reference else { continue }
                    let verdict = rule(event.type == .deleted ? nil : event.object)
                    if verdict != .waiting { return verdict }
                }
            } catch let error as KubernetesAPIError where error.code == .gone {
                resumeFrom = nil
                continue
            }
            // A watch that ends at once again and again must not spin.
            if events == 0 { try await Task.sleep(for: .milliseconds(200)) }
        }
    }
}
