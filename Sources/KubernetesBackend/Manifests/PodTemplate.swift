import ToolConfig

/// The pod a component runs in: one container with its command, environment, port,
/// resources and probes, locked down to the restricted Pod Security Standard.
struct PodTemplate {
    var name: String
    var component: Component
    var image: String
    var input: ManifestInput
    var settings: KubernetesSettings

    /// `spec.template` of a Deployment or Job; `restartPolicy` is `Always` or `Never`.
    func value(restartPolicy: String) -> ManifestValue {
        [
            "metadata": ["labels": ObjectLabels.selector(name, input: input)
                .merging([ObjectLabels.image: KubernetesNames.labelValue(image)]) { _, new in new }.manifestValue],
            "spec": [
                "serviceAccountName": .string(ToolObjects.serviceAccount),
                "automountServiceAccountToken": false,
                "enableServiceLinks": false,
                "restartPolicy": .string(restartPolicy),
                "securityContext": ["runAsNonRoot": true, "seccompProfile": ["type": "RuntimeDefault"]],
                "containers": [container],
            ],
        ]
    }

    private var container: ManifestValue {
        var fields: [String: ManifestValue] = [
            "name": .string(KubernetesNames.label(name)),
            "image": .string(image),
            "imagePullPolicy": "IfNotPresent",
            "env": .array(environment.map { ["name": .string($0.key), "value": .string($0.value)] }),
            "securityContext": ["allowPrivilegeEscalation": false, "capabilities": ["drop": ["ALL"]]],
        ]
        if let command = component.run.command {
            let entrypoint = input.runsBuiltImage(name) ? settings.builtImageEntrypoint : ["/bin/sh", "-c"]
            fields["command"] = .array((entrypoint + [command]).map { .string($0) })
        }
        if let port = component.run.port {
            fields["ports"] = [["name": "main", "containerPort": .int(port), "protocol": .string(portProtocol)]]
        }
        if let resources { fields["resources"] = resources }
        if let probe {
            fields["readinessProbe"] = probe.updating([]) { $0["periodSeconds"] = 5; $0["failureThreshold"] = 3 }
            fields["livenessProbe"] = probe.updating([]) { $0["periodSeconds"] = 10; $0["failureThreshold"] = 6 }
        }
        return .object(fields)
    }

    var portProtocol: String { component.run.portProtocol?.uppercased() ?? "TCP" }

    /// `PORT`, and `<COMPONENT>_URL` of each continuous component with a port that this one
    /// waits for, with the config's own `env` winning; sorted by name, so the list is stable.
    /// Only those waited for: a variable for every component would rewrite (and re-run) every
    /// component whenever one is added or removed. The others are still reachable at
    /// `http://<component>:<port>`, as with the local backend, through the Service's name.
    private var environment: [(key: String, value: String)] {
        var variables: [String: String] = [:]
        for other in component.waitFor {
            guard let spec = input.config.components[other], spec.type == .continuous, let port = spec.run.port else { continue }
            let host = "\(KubernetesNames.serviceName(other)).\(settings.namespace(of: input.tool)).svc.\(settings.clusterDomain)"
            variables[KubernetesNames.urlVariable(other)] = "http://\(host):\(port)"
        }
        if let port = component.run.port { variables["PORT"] = String(port) }
        variables.merge(component.run.env) { _, own in own }
        return variables.sorted { $0.key < $1.key }
    }

    /// Requests equal limits: what the config asks for is what the component gets.
    private var resources: ManifestValue? {
        var amounts: [String: ManifestValue] = [:]
        if let cpu = component.run.cpu.flatMap(CPUQuantity.init) { amounts["cpu"] = .string(CPUQuantity(millicores: cpu.millicores).text) }
        if let memory = component.run.memory { amounts["memory"] = .string(memory) }
        guard !amounts.isEmpty else { return nil }
        return ["requests": .object(amounts), "limits": .object(amounts)]
    }

    /// The health check as a probe handler; nil without one (or an http/tcp one with no port).
    private var probe: ManifestValue? {
        switch component.run.healthCheck {
        case .http(let path)?:
            guard component.run.port != nil else { return nil }
            return ["httpGet": ["path": .string(path), "port": "main"]]
        case .tcp?:
            guard component.run.port != nil else { return nil }
            return ["tcpSocket": ["port": "main"]]
        case .script(let script)?:
            return ["exec": ["command": ["/bin/sh", "-c", .string(script)]]]
        case nil:
            return nil
        }
    }
}
