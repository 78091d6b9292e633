import GRDB

/// One stored version of a tool's config. Rows are never updated except to mark a
/// deletion, so every version a user stored stays readable.
public struct StoredConfigRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "config_versions"

    /// Tool name.
    public var tool: String
    /// Version number, from 1, increasing per tool, never reused.
    public var version: Int
    /// The document as the user sent it.
    public var source: String
    /// Canonical JSON of the validated config.
    public var canonicalJSON: String
    /// SHA-256 of the canonical JSON.
    public var hash: String
    /// When it was stored, in ms since 1970.
    public var creationTimeMs: Int64
    /// When `DeleteConfig` hid it; nil while it is current.
    public var deletedTimeMs: Int64?

    enum CodingKeys: String, CodingKey {
        case tool, version, source, hash
        case canonicalJSON = "canonical_json"
        case creationTimeMs = "creation_time_ms"
        case deletedTimeMs = "deleted_time_ms"
    }
}

/// A tool and the hash of its tool token.
struct ToolRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "tools"
    var name: String
    var tokenHash: String
    var creationTimeMs: Int64

    enum CodingKeys: String, CodingKey {
        case name
        case tokenHash = "token_hash"
        case creationTimeMs = "creation_time_ms"
    }
}

/// The hash of a tool's deploy token.
struct DeployTokenRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "deploy_tokens"
    var tool: String
    var tokenHash: String
    var creationTimeMs: Int64

    enum CodingKeys: String, CodingKey {
        case tool
        case tokenHash = "token_hash"
        case creationTimeMs = "creation_time_ms"
    }
}
