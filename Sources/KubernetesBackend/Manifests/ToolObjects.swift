/// The objects a tool has once, whatever its components: its namespace and what fences it in.
enum ToolObjects {
    static func make(_ input: ManifestInput, settings: KubernetesSettings) -> [KubernetesObject] {
        let namespace = settings.namespace(of: input.tool)
        let labels = ObjectLabels.tool(input)
        let namespaceLabels = labels.merging([
            // Pods must meet the restricted Pod Security Standard; ours do (PodTemplate).
            "pod-security.kubernetes.io/enforce": "restricted",
        ]) { _, new in new }
        return [
            .make("v1", "Namespace", namespace: nil, name: namespace, labels: namespaceLabels, component: nil, fields: [:]),
            // Pods run as this account, which no Role binds: no API rights, and no token mounted.
            .make("v1", "ServiceAccount", namespace: namespace, name: serviceAccount, labels: labels, component: nil,
                  fields: ["automountServiceAccountToken": false]),
            .make("v1", "LimitRange", namespace: namespace, name: "defaults", labels: labels, component: nil, fields: [
                "spec": ["limits": [[
                    "type": "Container",
                    "default": ["cpu": .string(settings.defaultCPU), "memory": .string(settings.defaultMemory)],
                    "defaultRequest": ["cpu": .string(settings.defaultCPU), "memory": .string(settings.defaultMemory)],
                    "max": ["cpu": .string(settings.maxCPU), "memory": .string(settings.maxMemory)],
                ]]],
            ]),
            .make("v1", "ResourceQuota", namespace: namespace, name: "quota", labels: labels, component: nil, fields: [
                "spec": ["hard": settings.quota.manifestValue],
            ]),
            .make("networking.k8s.io/v1", "NetworkPolicy", namespace: namespace, name: "same-tool-and-ingress", labels: labels,
                  component: nil, fields: [
                    "spec": [
                        "podSelector": [:],
                        "policyTypes": ["Ingress"],
                        "ingress": [["from": [
                            ["podSelector": [:]],
                            ["namespaceSelector": ["matchLabels": settings.ingressNamespaceLabel.manifestValue]],
                        ]]],
                    ],
                  ]),
        ]
    }

    /// The name of every tool's ServiceAccount.
    static let serviceAccount = "tool"
}

extension KubernetesObject {
    /// An object with `metadata` filled in from its identity and `labels`.
    static func make(_ apiVersion: String, _ kind: String, namespace: String?, name: String, labels: [String: String],
                     annotations: [String: String] = [:], component: String?, fields: [String: ManifestValue]) -> KubernetesObject {
        var metadata: [String: ManifestValue] = ["name": .string(name), "labels": labels.manifestValue]
        if let namespace { metadata["namespace"] = .string(namespace) }
        if !annotations.isEmpty { metadata["annotations"] = annotations.manifestValue }
        var body = fields
        body["apiVersion"] = .string(apiVersion)
        body["kind"] = .string(kind)
        body["metadata"] = .object(metadata)
        return KubernetesObject(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name, component: component, body: .object(body))
    }
}
