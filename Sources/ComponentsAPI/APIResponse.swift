/// The response shape of the Toolforge components-api v1:
/// `{"data": ..., "messages": {"info": [], "warning": [], "error": []}}`.
///
/// `data` is always written, as `null` on errors; `violations` is our addition and appears
/// only on config errors. The gateway encodes it and the CLI decodes it, so both read the
/// same keys.
public struct APIResponse<Payload: Codable & Sendable>: Codable, Sendable {
    /// The payload; `null` on errors.
    public var data: Payload?
    /// Messages for the person reading the answer.
    public var messages: APIMessages
    /// Problems in a config, each with where it is; only on config errors.
    public var violations: [ViolationJSON]?

    /// Creates a response.
    public init(data: Payload?, messages: APIMessages = APIMessages(), violations: [ViolationJSON]? = nil) {
        self.data = data
        self.messages = messages
        self.violations = violations
    }

    private enum CodingKeys: String, CodingKey {
        case data, messages, violations
    }

    /// Reads what ``encode(to:)`` writes. A missing `messages` counts as empty, so an error
    /// from something in front of the gateway (a proxy) still reaches the person as a status.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decodeIfPresent(Payload.self, forKey: .data)
        messages = try container.decodeIfPresent(APIMessages.self, forKey: .messages) ?? APIMessages()
        violations = try container.decodeIfPresent([ViolationJSON].self, forKey: .violations)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(messages, forKey: .messages)
        try container.encodeIfPresent(violations, forKey: .violations)
    }
}

extension APIResponse: Equatable where Payload: Equatable {}
extension APIResponse: Hashable where Payload: Hashable {}

/// The payload type of error responses, whose `data` is always `null`. Decoding it reads
/// nothing, so an envelope can be read for its messages whatever its `data` holds.
public struct NoData: Codable, Sendable, Hashable {
    /// Creates the empty payload.
    public init() {}

    /// Reads nothing: whatever `data` holds is skipped.
    public init(from decoder: any Decoder) throws {}

    /// Writes an empty object (never written in practice: `data` is `null` on errors).
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
