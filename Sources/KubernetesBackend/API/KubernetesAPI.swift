/// The verbs of the Kubernetes API the backend uses, and nothing more: server-side apply,
/// get, list and watch by label, delete. The HTTP client implements it against a cluster;
/// tests use an in-memory double.
public protocol KubernetesAPI: Sendable {
    /// Server-side apply: `PATCH` with `application/apply-patch+yaml` and `fieldManager`,
    /// creating the object when missing. Answers the object as stored.
    func apply(_ object: KubernetesObject, fieldManager: String) async throws(KubernetesAPIError) -> StoredObject
    /// The object, or nil when there is none (404).
    func get(_ reference: ObjectReference) async throws(KubernetesAPIError) -> StoredObject?
    /// The objects of `kind` in `namespace` (nil: cluster-scoped) whose labels include
    /// `labels`, with the list's resourceVersion to watch from.
    func list(_ kind: ObjectKind, namespace: String?, labels: [String: String]) async throws(KubernetesAPIError) -> ObjectList
    /// Changes after `resourceVersion`. The stream fails with ``KubernetesAPIError/Code/gone``
    /// (410) when that version is too old to resume from; the caller lists again.
    func watch(_ kind: ObjectKind, namespace: String?, labels: [String: String], resourceVersion: String) async -> AsyncThrowingStream<WatchEvent, any Error>
    /// Deletes the object; deleting a missing one is not an error.
    func delete(_ reference: ObjectReference) async throws(KubernetesAPIError)
    /// The last `tailLines` lines (nil: all) of a pod's log: `GET .../pods/NAME/log`.
    func podLog(namespace: String, pod: String, tailLines: Int?) async throws(KubernetesAPIError) -> String
}

/// An object's kind with the group and version to call it by.
public struct ObjectKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `v1`, `apps/v1`, `batch/v1`, `networking.k8s.io/v1`.
    public var apiVersion: String
    /// `Deployment`, `Pod`, ...
    public var kind: String

    /// Creates a kind.
    public init(apiVersion: String, kind: String) {
        self.apiVersion = apiVersion
        self.kind = kind
    }

    /// By kind, then API version.
    public static func < (lhs: ObjectKind, rhs: ObjectKind) -> Bool { (lhs.kind, lhs.apiVersion) < (rhs.kind, rhs.apiVersion) }
    /// The kind's name.
    public var description: String { kind }
}

/// Which object: kind, namespace (nil for cluster-scoped ones) and name.
public struct ObjectReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The object's kind.
    public var kind: ObjectKind
    /// nil for cluster-scoped objects.
    public var namespace: String?
    /// `metadata.name`.
    public var name: String

    /// Creates a reference.
    public init(kind: ObjectKind, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// By kind, namespace and name: a stable order for reports and requests.
    public static func < (lhs: ObjectReference, rhs: ObjectReference) -> Bool {
        (lhs.kind.kind, lhs.namespace ?? "", lhs.name) < (rhs.kind.kind, rhs.namespace ?? "", rhs.name)
    }

    /// `Kind/namespace/name`.
    public var description: String { "\(kind.kind)/\(namespace.map { "\($0)/" } ?? "")\(name)" }
}

extension KubernetesObject {
    /// The object's kind.
    public var objectKind: ObjectKind { ObjectKind(apiVersion: apiVersion, kind: kind) }
    /// Which object this is.
    public var objectReference: ObjectReference { ObjectReference(kind: objectKind, namespace: namespace, name: name) }
}

/// An object as the API server answers it: the body with server fields
/// (`metadata.resourceVersion`, `metadata.generation`, `status`).
public struct StoredObject: Sendable, Hashable {
    /// Which object.
    public var reference: ObjectReference
    /// The whole object, server fields included.
    public var body: ManifestValue

    /// Creates a stored object.
    public init(reference: ObjectReference, body: ManifestValue) {
        self.reference = reference
        self.body = body
    }

    /// `metadata.resourceVersion`; empty when absent.
    public var resourceVersion: String { body["metadata"]?["resourceVersion"]?.stringValue ?? "" }
    /// `metadata.annotations`.
    public var annotations: [String: String] {
        guard case .object(let fields)? = body["metadata"]?["annotations"] else { return [:] }
        return fields.compactMapValues(\.stringValue)
    }
    /// `metadata.labels`.
    public var labels: [String: String] {
        guard case .object(let fields)? = body["metadata"]?["labels"] else { return [:] }
        return fields.compactMapValues(\.stringValue)
    }
}

/// A list answer.
public struct ObjectList: Sendable, Hashable {
    /// The objects found.
    public var items: [StoredObject]
    /// Watch from here to see every later change.
    public var resourceVersion: String

    /// Creates a list answer.
    public init(items: [StoredObject], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

/// One change seen by a watch.
public struct WatchEvent: Sendable, Hashable {
    /// What happened to the object.
    public enum Kind: String, Sendable, Hashable {
        /// Created, changed (spec or status) or deleted, as the watch API spells them.
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED"
    }

    /// What happened.
    public var type: Kind
    /// The object after the change (before it, for a deletion).
    public var object: StoredObject

    /// Creates an event.
    public init(type: Kind, object: StoredObject) {
        self.type = type
        self.object = object
    }
}
