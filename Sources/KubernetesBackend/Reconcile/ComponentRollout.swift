/// One component's run step on the cluster: apply the tool's shared objects and the
/// component's own (skipping what is unchanged), then wait for its goal: rolled out,
/// completed, or scheduled.
public struct ComponentRollout: Sendable {
    /// The API applied through.
    public var api: any KubernetesAPI

    /// Creates a run step.
    public init(api: any KubernetesAPI) {
        self.api = api
    }

    /// What the run step did and where it ended.
    public struct Outcome: Sendable, Hashable {
        /// What was written.
        public var applied: Reconciler.Report
        /// `.done` or `.failed(message)`.
        public var readiness: Readiness
    }

    /// Runs `component` of `tool` from the tool's generated `objects`. API errors (a quota
    /// exceeded) are thrown naming the object; a goal not reached is a `.failed` outcome.
    public func run(tool: String, component: String, objects: [KubernetesObject]) async throws -> Outcome {
        let own = objects.filter { $0.component == nil || $0.component == component }
        let applied = try await Reconciler(api: api).apply(tool: tool, objects: own)
        guard let main = own.first(where: { $0.component == component && ["Deployment", "Job", "CronJob"].contains($0.kind) }) else {
            return Outcome(applied: applied, readiness: .failed("no objects were generated for \(component)"))
        }
        let labels = [ObjectLabels.tool: tool, ObjectLabels.component: component]
        let readiness = try await StatusWatcher(api: api).wait(for: main.objectReference, labels: labels, rule: Readiness.rule(for: main.objectKind))
        return Outcome(applied: applied, readiness: readiness)
    }
}
