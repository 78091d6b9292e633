/// The response shape of the Toolforge components-api v1:
/// `{"data": ..., "messages": {"info": [], "warning": [], "error": []}}`.
public struct APIResponse<Data: Encodable & Sendable>: Encodable, Sendable {
    /// The payload; `null` on errors.
    public var data: Data?
    /// Messages for the person reading the answer.
    public var messages: APIMessages

    /// Creates a response.
    public init(data: Data?, messages: APIMessages = APIMessages()) {
        self.data = data
        self.messages = messages
    }
}

/// Info, warning and error messages of a response.
public struct APIMessages: Codable, Sendable, Hashable {
    /// Informational messages.
    public var info: [String]
    /// Warnings, like unknown config fields.
    public var warning: [String]
    /// Errors, when the request failed.
    public var error: [String]

    /// Creates messages.
    public init(info: [String] = [], warning: [String] = [], error: [String] = []) {
        self.info = info
        self.warning = warning
        self.error = error
    }
}
