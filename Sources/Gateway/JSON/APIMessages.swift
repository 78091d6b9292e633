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
