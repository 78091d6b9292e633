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

    private enum CodingKeys: String, CodingKey {
        case info, warning, error
    }

    /// Reads what ``encode(to:)`` writes; a missing list counts as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        info = try container.decodeIfPresent([String].self, forKey: .info) ?? []
        warning = try container.decodeIfPresent([String].self, forKey: .warning) ?? []
        error = try container.decodeIfPresent([String].self, forKey: .error) ?? []
    }
}
