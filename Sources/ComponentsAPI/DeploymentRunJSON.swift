import ComponentsModel

/// One component's run in a deployment, under `runs.{component}`: the Toolforge fields
/// `run_status` and `run_long_status`, plus our timestamps (`null` until they happened).
public struct DeploymentRunJSON: Codable, Sendable, Hashable {
    /// Where the run is.
    public var runStatus: RunStatus
    /// One line a person can act on ("Skipped due to previous failure").
    public var runLongStatus: String
    /// When it started, ISO 8601 UTC; `null` before.
    public var startTime: String?
    /// When it ended, ISO 8601 UTC; `null` before.
    public var endTime: String?
    /// Where the router serves a published component (`http://tool.localhost:8080/`); absent
    /// for components that publish nothing and where no router runs.
    public var url: String?
    /// What the component's processes use now; absent unless it runs (shown on the tool's
    /// latest deployment and on the one that started the version that runs).
    public var resources: ResourceUseJSON?

    /// Creates a run.
    public init(runStatus: RunStatus, runLongStatus: String, startTime: String?, endTime: String?, url: String? = nil,
                resources: ResourceUseJSON? = nil) {
        self.url = url
        self.resources = resources
        self.runStatus = runStatus
        self.runLongStatus = runLongStatus
        self.startTime = startTime
        self.endTime = endTime
    }

    enum CodingKeys: String, CodingKey {
        case runStatus = "run_status"
        case runLongStatus = "run_long_status"
        case startTime = "start_time"
        case endTime = "end_time"
        case url, resources
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runStatus, forKey: .runStatus)
        try container.encode(runLongStatus, forKey: .runLongStatus)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(endTime, forKey: .endTime)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(resources, forKey: .resources)
    }
}
