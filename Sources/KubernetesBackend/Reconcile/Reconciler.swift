/// Brings a tool's objects in the cluster to the generated ones with as few writes as it
/// can: it lists what is there by label (one list per kind), applies only objects that are
/// missing or whose ``SpecHash`` differs, and deletes the objects of components no longer in
/// the config. An unchanged redeploy therefore writes nothing.
public struct Reconciler: Sendable {
    /// The API applied through.
    public var api: any KubernetesAPI

    /// Creates a reconciler; it keeps no state between calls.
    public init(api: any KubernetesAPI) {
        self.api = api
    }

    /// What a reconcile did, by object.
    public struct Report: Sendable, Hashable {
        /// Applied, not there before.
        public var created: [ObjectReference] = []
        /// Applied over a changed object.
        public var updated: [ObjectReference] = []
        /// Left alone: its spec hash matched.
        public var unchanged: [ObjectReference] = []
        /// Deleted: its component left the config.
        public var deleted: [ObjectReference] = []

        /// Objects written: created, updated or deleted.
        public var written: [ObjectReference] { created + updated + deleted }
    }

    /// Applies `desired`, every object of `tool`, in order; deletes the tool's objects of
    /// components not among `desired`'s. Finished Jobs of earlier runs of kept components
    /// are left to their TTL.
    public func reconcile(tool: String, desired: [KubernetesObject]) async throws(KubernetesAPIError) -> Report {
        // Every kind the generator makes, not only those desired now: the last CronJob of a
        // tool must be found to be deleted.
        let live = try await liveObjects(tool: tool, namespace: desired.lazy.compactMap(\.namespace).first,
                                         kinds: ManifestGenerator.kinds)
        var report = try await apply(desired, live: live)
        let keptComponents = Set(desired.compactMap(\.component))
        let wanted = Set(desired.map(\.objectReference))
        for (reference, object) in live.sorted(by: { $0.key < $1.key }) where !wanted.contains(reference) {
            guard let component = object.labels[ObjectLabels.component], !keptComponents.contains(component) else { continue }
            try await api.delete(reference)
            report.deleted.append(reference)
        }
        return report
    }

    /// Applies `objects` of `tool` in order, skipping those unchanged, and deletes nothing:
    /// one component's run step.
    public func apply(tool: String, objects: [KubernetesObject]) async throws(KubernetesAPIError) -> Report {
        let kinds = ManifestGenerator.kinds.filter { kind in objects.contains { $0.objectKind == kind.kind } }
        let live = try await liveObjects(tool: tool, namespace: objects.lazy.compactMap(\.namespace).first, kinds: kinds)
        return try await apply(objects, live: live)
    }

    private func apply(_ objects: [KubernetesObject], live: [ObjectReference: StoredObject]) async throws(KubernetesAPIError) -> Report {
        var report = Report()
        for object in objects {
            let reference = object.objectReference
            if let current = live[reference], current.annotations[SpecHash.annotation] == SpecHash.of(object) {
                report.unchanged.append(reference)
                continue
            }
            _ = try await api.apply(SpecHash.annotated(object), fieldManager: ObjectLabels.manager)
            if live[reference] == nil { report.created.append(reference) } else { report.updated.append(reference) }
        }
        return report
    }

    /// The tool's objects of `kinds`, found by label alone.
    private func liveObjects(tool: String, namespace: String?, kinds: [(kind: ObjectKind, namespaced: Bool)])
        async throws(KubernetesAPIError) -> [ObjectReference: StoredObject] {
        let selector = [ObjectLabels.tool: tool, ObjectLabels.managedBy: ObjectLabels.manager]
        var live: [ObjectReference: StoredObject] = [:]
        for (kind, namespaced) in kinds {
            guard !namespaced || namespace != nil else { continue }
            for item in try await api.list(kind, namespace: namespaced ? namespace : nil, labels: selector).items { live[item.reference] = item }
        }
        return live
    }
}
