import ComponentsAPI
import ComponentsModel
import Protocol

extension DeploymentRunJSON {
    /// The executor's run as the API shows it; times of 0 (not yet) become `null`.
    init(_ wire: Wire.DeploymentRun) {
        self.init(
            runStatus: RunStatus(wire: wire.status),
            runLongStatus: wire.longStatus,
            startTime: Timestamp.optional(milliseconds: wire.startTimeMs),
            endTime: Timestamp.optional(milliseconds: wire.endTimeMs),
            resources: wire.resources.map {
                ResourceUseJSON(memoryBytes: $0.memoryBytes, cpuSeconds: Double($0.cpuMilliseconds) / 1000, oomKills: $0.oomKills)
            })
    }
}
