import Protocol

/// One component's run in a deployment, under `runs.{component}`: the Toolforge fields
/// `run_status` and `run_long_status`, plus our timestamps.
public struct DeploymentRunJSON: Encodable, Sendable, Hashable {
    /// pending, running, successful, failed or skipped.
    public var runStatus: String
    /// One line a person can act on ("Skipped due to previous failure").
    public var runLongStatus: String
    /// When it started, ISO 8601 UTC; `null` before.
    public var startTime: String?
    /// When it ended, ISO 8601 UTC; `null` before.
    public var endTime: String?

    init(_ wire: Wire.DeploymentRun) {
        runStatus = wire.status.apiName
        runLongStatus = wire.longStatus
        startTime = Timestamp.optional(milliseconds: wire.startTimeMs)
        endTime = Timestamp.optional(milliseconds: wire.endTimeMs)
    }

    enum CodingKeys: String, CodingKey {
        case runStatus = "run_status"
        case runLongStatus = "run_long_status"
        case startTime = "start_time"
        case endTime = "end_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runStatus, forKey: .runStatus)
        try container.encode(runLongStatus, forKey: .runLongStatus)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(endTime, forKey: .endTime)
    }
}
