/// `data` of the webhook secret endpoints. `secret` is present only in the answer that
/// creates it; the server keeps it encrypted and never shows it again.
public struct WebhookSecretJSON: Codable, Sendable, Hashable {
    public var tool: String
    public var secret: String?
    /// ISO 8601; `null` after a delete.
    public var creationDate: String?

    /// Creates an answer.
    public init(tool: String, secret: String?, creationDate: String?) {
        self.tool = tool
        self.secret = secret
        self.creationDate = creationDate
    }

    enum CodingKeys: String, CodingKey {
        case tool, secret
        case creationDate = "creation_date"
    }
}
