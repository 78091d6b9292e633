/// What the operator decides for every tool of a cluster: names, the ingress, defaults and
/// quotas. `Codable`, so an operator keeps them in a JSON file.
public struct KubernetesSettings: Sendable, Hashable, Codable {
    /// Namespaces are `<prefix><tool>`; Toolforge's convention is `tool-`.
    public var namespacePrefix = "tool-"
    /// Published components answer at `<tool>.<baseDomain>`.
    public var baseDomain = "toolforge.example"
    /// `spec.ingressClassName` of every Ingress.
    public var ingressClass = "nginx"
    /// The label that selects the ingress controller's namespace in each NetworkPolicy.
    public var ingressNamespaceLabel = ["kubernetes.io/metadata.name": "ingress-nginx"]
    /// The cluster's DNS domain, for the `<COMPONENT>_URL` variables.
    public var clusterDomain = "cluster.local"
    /// Where images named by `build.image` live, and where repository builds are pushed.
    public var registry = "registry.example/toolforge"
    /// The entrypoint of images built from a repository (buildpacks' launcher, which runs a
    /// Procfile entry by name or else a command); registry images run `/bin/sh -c`.
    public var builtImageEntrypoint = ["launcher"]
    /// Seconds a finished Job (and its pods and logs) stays before Kubernetes deletes it.
    public var jobTTLSeconds = 86_400
    /// Per-container requests and limits when a component names no `cpu`/`memory`.
    public var defaultCPU = "500m"
    /// The default memory request and limit of a container.
    public var defaultMemory = "512Mi"
    /// The most one container may ask for.
    public var maxCPU = "2"
    /// The most memory one container may ask for.
    public var maxMemory = "4Gi"
    /// The tool's ResourceQuota `spec.hard`.
    public var quota: [String: String] = [
        "requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": "8", "limits.memory": "8Gi",
        "pods": "32", "services": "16", "count/jobs.batch": "32", "count/cronjobs.batch": "16",
        "count/deployments.apps": "16", "count/ingresses.networking.k8s.io": "16",
    ]

    /// The defaults above.
    public init() {}

    /// The namespace of `tool`.
    public func namespace(of tool: String) -> String {
        KubernetesNames.label(namespacePrefix + tool)
    }
}

extension KubernetesSettings {
    /// Reads a settings file in which every field is optional: a missing one keeps its default.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try container.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.namespacePrefix, into: &namespacePrefix)
        try read(.baseDomain, into: &baseDomain)
        try read(.ingressClass, into: &ingressClass)
        try read(.ingressNamespaceLabel, into: &ingressNamespaceLabel)
        try read(.clusterDomain, into: &clusterDomain)
        try read(.registry, into: &registry)
        try read(.builtImageEntrypoint, into: &builtImageEntrypoint)
        try read(.jobTTLSeconds, into: &jobTTLSeconds)
        try read(.defaultCPU, into: &defaultCPU)
        try read(.defaultMemory, into: &defaultMemory)
        try read(.maxCPU, into: &maxCPU)
        try read(.maxMemory, into: &maxMemory)
        try read(.quota, into: &quota)
    }
}
