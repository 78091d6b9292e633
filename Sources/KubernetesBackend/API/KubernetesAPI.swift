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
    public var apiVersion: String
    public var kind: String

    public init(apiVersion: String, kind: String) {
        self.apiVersion = apiVersion
        self.kind = kind
    }

    public static func < (lhs: ObjectKind, rhs: ObjectKind) -> Bool { (lhs.kind, lhs.apiVersion) < (rhs.kind, rhs.apiVersion) }
    public var description: String { kind }
}

/// Which object: kind, namespace (nil for cluster-scoped ones) and name.
public struct ObjectReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: ObjectKind
    public var namespace: String?
    public var name: String

    public init(kind: ObjectKind, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

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
    public var reference: ObjectReference
    public var body: ManifestValue

    public init(reference: ObjectReference, body: ManifestValue) {
        self.reference = reference
        self.body = body
    }

    public var resourceVersion: String { body["metadata"]?["resourceVersion"]?.stringValue ?? "" }
    public var annotations: [String: String] {
        guard case .object(let fields)? = body["metadata"]?["annotations"] else { return [:] }
        return fields.compactMapValues(\.stringValue)
    }
    public var labels: [String: String] {
        guard case .object(let fields)? = body["metadata"]?["labels"] else { return [:] }
        return fields.compactMapValues(\.stringValue)
    }
}

/// A list answer.
public struct ObjectList: Sendable, Hashable {
    public var items: [StoredObject]
    /// Watch from here to see every later change.
    public var resourceVersion: String

    public init(items: [StoredObject], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

/// One change seen by a watch.
public struct WatchEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED"
    }

    public var type: Kind
    public var object: StoredObject

    public init(type: Kind, object: StoredObject) {
        self.type = type
        self.object = object
    }
}
