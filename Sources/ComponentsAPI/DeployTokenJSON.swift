/// `data` of the deploy token endpoints, Toolforge's `{token, creation_date,
/// expiration_date}` plus `tool`.
/// Tokens are stored hashed, so `token` is the secret only in the answers that create or
/// rotate it, and `null` otherwise.
public struct DeployTokenJSON: Codable, Sendable, Hashable {
    /// The tool the token deploys.
    public var tool: String
    /// The secret, only when just created or rotated.
    public var token: String?
    /// When it was created, ISO 8601 UTC; `null` after a delete.
    public var creationDate: String?
    /// When it stops working (365 days after creation), ISO 8601 UTC; `null` after a delete.
    public var expirationDate: String?

    /// Creates a token answer.
    public init(tool: String, token: String?, creationDate: String?, expirationDate: String? = nil) {
        self.tool = tool
        self.token = token
        self.creationDate = creationDate
        self.expirationDate = expirationDate
    }

    enum CodingKeys: String, CodingKey {
        case tool, token
        case creationDate = "creation_date"
        case expirationDate = "expiration_date"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tool, forKey: .tool)
        try container.encode(token, forKey: .token)
        try container.encode(creationDate, forKey: .creationDate)
        try container.encode(expirationDate, forKey: .expirationDate)
    }
}
