/// A component's output for `deployment logs`: the log of each of its pods, found by label,
/// read through the pods' log API.
public struct ComponentLogs: Sendable {
    /// The API read from.
    public var api: any KubernetesAPI
    /// The operator's settings, for the namespace.
    public var settings: KubernetesSettings

    /// Creates a reader.
    public init(api: any KubernetesAPI, settings: KubernetesSettings = KubernetesSettings()) {
        self.api = api
        self.settings = settings
    }

    /// One pod's log.
    public struct PodLog: Sendable, Hashable {
        /// The pod's name.
        public var pod: String
        /// Its last lines, each ending with a newline.
        public var text: String

        /// Creates a pod log.
        public init(pod: String, text: String) {
            self.pod = pod
            self.text = text
        }
    }

    /// The pods of `component` of `tool`, the last `lines` lines of each, pods by name. A pod
    /// gone between the list and its log read is left out.
    public func tail(tool: String, component: String, lines: Int?) async throws(KubernetesAPIError) -> [PodLog] {
        let namespace = settings.namespace(of: tool)
        let pods = try await api.list(Self.pod, namespace: namespace, labels: [ObjectLabels.tool: tool, ObjectLabels.component: component])
        var logs: [PodLog] = []
        for pod in pods.items.sorted(by: { $0.reference < $1.reference }) {
            do {
                logs.append(PodLog(pod: pod.reference.name, text: try await api.podLog(namespace: namespace, pod: pod.reference.name, tailLines: lines)))
            } catch where error.code == .notFound {
                continue
            }
        }
        return logs
    }

    /// `v1 Pod`.
    public static let pod = ObjectKind(apiVersion: "v1", kind: "Pod")
}
