/// The response shape of the Toolforge components-api v1:
/// `{"data": ..., "messages": {"info": [], "warning": [], "error": []}}`.
///
/// `data` is always written, as `null` on errors; `violations` is our addition and appears
/// only on config errors.
public struct APIResponse<Data: Encodable & Sendable>: Encodable, Sendable {
    /// The payload; `null` on errors.
    public var data: Data?
    /// Messages for the person reading the answer.
    public var messages: APIMessages
    /// Problems in a config, each with where it is; only on config errors.
    public var violations: [ViolationJSON]?

    /// Creates a response.
    public init(data: Data?, messages: APIMessages = APIMessages(), violations: [ViolationJSON]? = nil) {
        self.data = data
        self.messages = messages
        self.violations = violations
    }

    private enum CodingKeys: String, CodingKey {
        case data, messages, violations
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(messages, forKey: .messages)
        try container.encodeIfPresent(violations, forKey: .violations)
    }
}

/// The payload type of error responses, whose `data` is always `null`.
public struct NoData: Encodable, Sendable {}
