import ToolConfig

/// Turns a tool's config into the Kubernetes objects the backend applies. Pure: the same
/// input and settings give the same objects in the same order, which the offline
/// `components manifests`, the reconciler and the tests all rely on.
public struct ManifestGenerator: Sendable {
    /// The operator's settings.
    public var settings: KubernetesSettings

    /// Creates a generator.
    public init(settings: KubernetesSettings = KubernetesSettings()) {
        self.settings = settings
    }

    /// Every object of the tool in apply order: the namespace and its fences first, then each
    /// component's objects, components by name.
    public func objects(for input: ManifestInput) -> [KubernetesObject] {
        ToolObjects.make(input, settings: settings) + input.config.components.keys.sorted().flatMap { name in
            input.config.components[name].map { WorkloadObjects(name: name, component: $0, input: input, settings: settings).make() } ?? []
        }
    }

    /// Every kind of object the generator makes, in apply order, and whether it lives in
    /// the tool's namespace.
    public static let kinds: [(kind: ObjectKind, namespaced: Bool)] = [
        (ObjectKind(apiVersion: "v1", kind: "Namespace"), false),
        (ObjectKind(apiVersion: "v1", kind: "ServiceAccount"), true),
        (ObjectKind(apiVersion: "v1", kind: "LimitRange"), true),
        (ObjectKind(apiVersion: "v1", kind: "ResourceQuota"), true),
        (ObjectKind(apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy"), true),
        (ObjectKind(apiVersion: "apps/v1", kind: "Deployment"), true),
        (ObjectKind(apiVersion: "v1", kind: "Service"), true),
        (ObjectKind(apiVersion: "networking.k8s.io/v1", kind: "Ingress"), true),
        (ObjectKind(apiVersion: "batch/v1", kind: "Job"), true),
        (ObjectKind(apiVersion: "batch/v1", kind: "CronJob"), true),
    ]

    /// Config fields this backend does not carry out, each as a message naming the field, so
    /// nobody believes a setting took effect when it did not.
    public func unsupportedFields(in config: ToolConfiguration) -> [String] {
        config.components.keys.sorted().flatMap { name -> [String] in
            guard let run = config.components[name]?.run else { return [] }
            var messages: [String] = []
            if run.mount == "all" { messages.append("components.\(name).run.mount: shared storage is not mounted on Kubernetes") }
            if run.filelog == true { messages.append("components.\(name).run.filelog: output goes to the pod log, not to files") }
            if let emails = run.emails, emails != "none" { messages.append("components.\(name).run.emails: no mail is sent on Kubernetes") }
            if run.portProtocol == "udp", run.publishedPath != nil { messages.append("components.\(name).run.publish: a UDP port cannot be published through an Ingress") }
            return messages
        }
    }

    /// A file name per object, numbered in apply order: `01-namespace-tool-toolhunt.yaml`.
    public static func fileNames(of objects: [KubernetesObject]) -> [String] {
        let width = max(2, String(objects.count).count)
        return objects.enumerated().map { index, object in
            let number = String(index + 1)
            return String(repeating: "0", count: width - number.count) + number + "-\(object.kind.lowercased())-\(object.name).yaml"
        }
    }
}
