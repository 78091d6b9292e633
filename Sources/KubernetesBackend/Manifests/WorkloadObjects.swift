import ToolConfig

/// The objects of one component, by its type: a Deployment (with a Service and an Ingress
/// when it has a port and is published), a Job or a CronJob.
struct WorkloadObjects {
    var name: String
    var component: Component
    var input: ManifestInput
    var settings: KubernetesSettings

    private var namespace: String { settings.namespace(of: input.tool) }
    private var image: String { input.image(of: name, settings: settings) }
    private var labels: [String: String] { ObjectLabels.component(name, image: image, input: input) }
    private var annotations: [String: String] { [ObjectLabels.image: image] }
    private var pod: PodTemplate { PodTemplate(name: name, component: component, image: image, input: input, settings: settings) }

    func make() -> [KubernetesObject] {
        switch component.type {
        case .continuous: return [deployment, service, ingress].compactMap { $0 }
        case .oneOff: return [job]
        case .scheduled: return [cronJob]
        }
    }

    private var deployment: KubernetesObject {
        object("apps/v1", "Deployment", name: KubernetesNames.label(name), fields: ["spec": [
            "replicas": .int(component.run.replicas ?? 1),
            "revisionHistoryLimit": 3,
            "selector": ["matchLabels": ObjectLabels.selector(name, input: input).manifestValue],
            // A rollout starts a new pod before it stops an old one, so it keeps serving.
            "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 0, "maxSurge": 1]],
            "template": pod.value(restartPolicy: "Always"),
        ]])
    }

    private var service: KubernetesObject? {
        guard let port = component.run.port else { return nil }
        return object("v1", "Service", name: KubernetesNames.serviceName(name), fields: ["spec": [
            "type": "ClusterIP",
            "selector": ObjectLabels.selector(name, input: input).manifestValue,
            "ports": [["name": "main", "port": .int(port), "targetPort": "main", "protocol": .string(pod.portProtocol)]],
        ]])
    }

    private var ingress: KubernetesObject? {
        guard let path = component.run.publishedPath, let port = component.run.port, pod.portProtocol == "TCP" else { return nil }
        return object("networking.k8s.io/v1", "Ingress", name: KubernetesNames.label(name), fields: ["spec": [
            "ingressClassName": .string(settings.ingressClass),
            "rules": [[
                "host": .string("\(input.tool).\(settings.baseDomain)"),
                "http": ["paths": [[
                    "path": .string(path),
                    "pathType": "Prefix",
                    "backend": ["service": ["name": .string(KubernetesNames.serviceName(name)), "port": ["number": .int(port)]]],
                ]]],
            ]],
        ]])
    }

    /// A Job per run: its pod template cannot change, so a new run is a new Job.
    private var job: KubernetesObject {
        let spec = jobSpec
        let runID = input.runIDs[name].map { KubernetesNames.label($0) } ?? KubernetesNames.shortHash(YAMLEmitter.document(spec) + image)
        let jobName = KubernetesNames.label(String(name.prefix(63 - runID.count - 1)) + "-" + runID)
        return object("batch/v1", "Job", name: jobName, fields: ["spec": spec])
    }

    private var cronJob: KubernetesObject {
        // 52 characters: the controller appends 11 to name each Job.
        object("batch/v1", "CronJob", name: KubernetesNames.label(name, maxLength: 52), fields: ["spec": [
            "schedule": .string(component.run.schedule ?? "@daily"),
            "timeZone": "Etc/UTC",
            "concurrencyPolicy": "Forbid",
            "successfulJobsHistoryLimit": 3,
            "failedJobsHistoryLimit": 3,
            // Without the bookkeeping labels, which would make every deployment rewrite it.
            "jobTemplate": ["metadata": ["labels": labels.filter { !ObjectLabels.bookkeeping.contains($0.key) }.manifestValue], "spec": jobSpec],
        ]])
    }

    private var jobSpec: ManifestValue {
        var spec: [String: ManifestValue] = [
            "backoffLimit": .int(component.run.retry ?? 0),
            "ttlSecondsAfterFinished": .int(settings.jobTTLSeconds),
            "template": pod.value(restartPolicy: "Never"),
        ]
        if let timeout = component.run.timeoutSeconds { spec["activeDeadlineSeconds"] = .int(timeout) }
        return .object(spec)
    }

    private func object(_ apiVersion: String, _ kind: String, name objectName: String, fields: [String: ManifestValue]) -> KubernetesObject {
        .make(apiVersion, kind, namespace: namespace, name: objectName, labels: labels, annotations: annotations,
              component: name, fields: fields)
    }
}
