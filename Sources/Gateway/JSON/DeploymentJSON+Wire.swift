import ComponentsAPI
import ComponentsModel
import Protocol

extension DeploymentJSON {
    /// The executor's deployment as the API shows it, with `toolConfig` when the answer
    /// is about one deployment.
    init(_ wire: Wire.Deployment, toolConfig: JSONValue? = nil) {
        self.init(
            deployID: wire.deployId,
            tool: wire.tool,
            creationTime: Timestamp.iso8601(milliseconds: wire.creationTimeMs),
            status: DeploymentStatus(wire: wire.status),
            longStatus: wire.longStatus,
            // Two builds or runs for one component would be an executor bug; the last one wins.
            builds: Dictionary(wire.builds.map { ($0.component, DeploymentBuildJSON($0)) }, uniquingKeysWith: { $1 }),
            runs: Dictionary(wire.runs.map { ($0.component, DeploymentRunJSON($0)) }, uniquingKeysWith: { $1 }),
            forceBuild: wire.forceBuild,
            forceRun: wire.forceRun,
            description: wire.description,
            configVersion: Int(wire.configVersion),
            queued: wire.queued,
            plan: wire.plan.map(PlanJSON.init),
            toolConfig: toolConfig,
            planFidelity: wire.planFidelity.map(PlanFidelityJSON.init), rollbackOf: wire.rollbackOf.isEmpty ? nil : wire.rollbackOf,
            sourceDocument: wire.sourceDocument.map(SourceDocumentJSON.init))
    }
}

extension SourceDocumentJSON {
    /// A fetched document as the API shows it.
    init(_ wire: Wire.SourceDocument) {
        self.init(url: wire.url, sha256: wire.sha256, fetchedAt: Timestamp.iso8601(milliseconds: wire.fetchedAtMs),
                  sizeBytes: Int(clamping: wire.sizeBytes))
    }
}
