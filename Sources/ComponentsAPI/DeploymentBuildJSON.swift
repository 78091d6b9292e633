import ComponentsModel

/// One component's build in a deployment, under `builds.{component}`: the Toolforge fields
/// `build_id`, `build_image`, `build_status`, `build_long_status`, plus our timestamps
/// (`null` until they happened).
public struct DeploymentBuildJSON: Codable, Sendable, Hashable {
    /// The build's id; empty until it starts.
    public var buildID: String
    /// The image it made or reuses; empty until known.
    public var buildImage: String
    /// Where the build is.
    public var buildStatus: BuildStatus
    /// One line a person can act on ("Reusing existing build").
    public var buildLongStatus: String
    /// When it started, ISO 8601 UTC; `null` before.
    public var startTime: String?
    /// When it ended, ISO 8601 UTC; `null` before.
    public var endTime: String?

    /// Creates a build.
    public init(buildID: String, buildImage: String, buildStatus: BuildStatus, buildLongStatus: String, startTime: String?, endTime: String?) {
        self.buildID = buildID
        self.buildImage = buildImage
        self.buildStatus = buildStatus
        self.buildLongStatus = buildLongStatus
        self.startTime = startTime
        self.endTime = endTime
    }

    enum CodingKeys: String, CodingKey {
        case buildID = "build_id"
        case buildImage = "build_image"
        case buildStatus = "build_status"
        case buildLongStatus = "build_long_status"
        case startTime = "start_time"
        case endTime = "end_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(buildID, forKey: .buildID)
        try container.encode(buildImage, forKey: .buildImage)
        try container.encode(buildStatus, forKey: .buildStatus)
        try container.encode(buildLongStatus, forKey: .buildLongStatus)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(endTime, forKey: .endTime)
    }
}
