/// One object the backend applies: its identity and its whole body (`apiVersion`, `kind`,
/// `metadata`, `spec`), as `kubectl apply -f` or a server-side apply PATCH would send it.
public struct KubernetesObject: Sendable, Hashable {
    /// `v1`, `apps/v1`, `batch/v1`, `networking.k8s.io/v1`.
    public var apiVersion: String
    /// `Deployment`, `Service`, ...
    public var kind: String
    /// nil for cluster-scoped objects (the Namespace).
    public var namespace: String?
    /// `metadata.name`.
    public var name: String
    /// The component the object runs, nil for the tool's shared objects.
    public var component: String?
    /// The object as sent.
    public var body: ManifestValue

    /// Creates an object; `body` should already carry the identity fields.
    public init(apiVersion: String, kind: String, namespace: String?, name: String, component: String?, body: ManifestValue) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.component = component
        self.body = body
    }

    /// The object's labels.
    public var labels: [String: String] {
        guard case .object(let fields)? = body["metadata"]?["labels"] else { return [:] }
        return fields.compactMapValues(\.stringValue)
    }

    /// `Kind/namespace/name`, unique within a cluster.
    public var reference: String {
        "\(kind)/\(namespace.map { "\($0)/" } ?? "")\(name)"
    }

    /// The object as one YAML document.
    public var yaml: String { YAMLEmitter.document(body) }
}
