/// `data` of a deployment's logs: the lines and the offset to ask from next time, to follow.
public struct LogsJSON: Codable, Sendable, Hashable {
    /// The deployment.
    public var deployID: String
    /// The component, empty when the executor chose.
    public var component: String
    /// `run` or `build`.
    public var source: String
    /// The lines, oldest first.
    public var lines: [String]
    /// Pass as `offset` to get the lines written after these.
    public var nextOffset: UInt64

    /// Creates a logs answer.
    public init(deployID: String, component: String, source: String, lines: [String], nextOffset: UInt64) {
        self.deployID = deployID
        self.component = component
        self.source = source
        self.lines = lines
        self.nextOffset = nextOffset
    }

    enum CodingKeys: String, CodingKey {
        case deployID = "deploy_id"
        case component, source, lines
        case nextOffset = "next_offset"
    }
}
