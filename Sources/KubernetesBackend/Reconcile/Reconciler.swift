/// Brings a tool's objects in the cluster to the generated ones with as few writes as it
/// can: it lists what is there by label (one list per kind), applies only objects that are
/// missing or whose ``SpecHash`` differs, and deletes the objects of components no longer in
/// the config. An unchanged redeploy therefore writes nothing.
public struct Reconciler: Sendable {
    public var api: any KubernetesAPI

    public init(api: any KubernetesAPI) {
        self.api = api
    }

    /// What a reconcile did, by object.
    public struct Report: Sendable, Hashable {
        public var created: [ObjectReference] = []
        public var updated: [ObjectReference] = []
        public var unchanged: [ObjectReference] = []
        public var deleted: [ObjectReference] = []

        /// Objects written: created, updated or deleted.
        public var written: [ObjectReference] { created + updated + deleted }
    }

    /// Applies `desired`, every object of `tool`, in order; deletes the tool's objects of
    /// components not among `desired`'s. Finished Jobs of earlier runs of kept components
    /// are left to their TTL.
    public func reconcile(tool: String, desired: [KubernetesObject]) async throws(KubernetesAPIError) -> Report {
        let selector = [ObjectLabels.tool: tool, ObjectLabels.managedBy: ObjectLabels.manager]
        var live: [ObjectReference: StoredObject] = [:]
        // Every kind the generator makes, not only those desired now: the last CronJob of a
        // tool must be found to be deleted.
        let namespace = desired.lazy.compactMap(\.namespace).first
        for (kind, namespaced) in ManifestGenerator.kinds {
            guard !namespaced || namespace != nil else { continue }
            for item in try await api.list(kind, namespace: namespaced ? namespace : nil, labels: selector).items { live[item.reference] = item }
        }
        var report = Report()
        for object in desired {
            let reference = object.objectReference
            let annotated = SpecHash.annotated(object)
            if let current = live[reference], current.annotations[SpecHash.annotation] == SpecHash.of(object) {
                report.unchanged.append(reference)
                continue
            }
            _ = try await api.apply(annotated, fieldManager: ObjectLabels.manager)
            if live[reference] == nil { report.created.append(reference) } else { report.updated.append(reference) }
        }
        let keptComponents = Set(desired.compactMap(\.component))
        let wanted = Set(desired.map(\.objectReference))
        for (reference, object) in live.sorted(by: { $0.key < $1.key }) where !wanted.contains(reference) {
            guard let component = object.labels[ObjectLabels.component], !keptComponents.contains(component) else { continue }
            try await api.delete(reference)
            report.deleted.append(reference)
        }
        return report
    }
}
