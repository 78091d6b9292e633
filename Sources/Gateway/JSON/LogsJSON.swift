/// `data` of a deployment's logs: the lines and the offset to ask from next time, to follow.
public struct LogsJSON: Encodable, Sendable, Hashable {
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

    enum CodingKeys: String, CodingKey {
        case deployID = "deploy_id"
        case component, source, lines
        case nextOffset = "next_offset"
    }
}
