import ComponentsAPI
import ComponentsModel
import Protocol

extension DeploymentBuildJSON {
    /// The executor's build as the API shows it; times of 0 (not yet) become `null`.
    init(_ wire: Wire.DeploymentBuild) {
        self.init(
            buildID: wire.buildId,
            buildImage: wire.buildImage,
            buildStatus: BuildStatus(wire: wire.status),
            buildLongStatus: wire.longStatus,
            startTime: Timestamp.optional(milliseconds: wire.startTimeMs),
            endTime: Timestamp.optional(milliseconds: wire.endTimeMs))
    }
}
