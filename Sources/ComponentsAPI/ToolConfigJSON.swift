/// `data` of the config endpoints. Toolforge answers the config itself, so its members
/// (`config-version`, `components`) come first-level; our additions are the stored version's
/// facts: `tool`, `version`, `hash`, `creation_time`, `source` (the document as sent, comments
/// and all), after a POST `changed` and after a DELETE `deleted_versions` (both absent
/// otherwise), and `urls`, the addresses of published components where a router runs.
public struct ToolConfigJSON: Codable, Sendable, Hashable {
    /// The tool.
    public var tool: String
    /// The stored version number, from 1.
    public var version: Int
    /// SHA-256 of the canonical config.
    public var hash: String
    /// When this version was stored, ISO 8601 UTC.
    public var creationTime: String
    /// The document as it was sent (YAML or JSON).
    public var source: String
    /// The canonical config: `config-version` and `components`.
    public var config: [String: JSONValue]
    /// After a POST: false when the config was the same as the latest one.
    public var changed: Bool?
    /// After a DELETE: how many versions were deleted.
    public var deletedVersions: Int?
    /// Component → where the router serves it, for published components; nil without a router.
    public var urls: [String: String]?

    /// Creates a config answer.
    public init(
        tool: String, version: Int, hash: String, creationTime: String, source: String, config: [String: JSONValue],
        changed: Bool? = nil, deletedVersions: Int? = nil
    ) {
        self.tool = tool
        self.version = version
        self.hash = hash
        self.creationTime = creationTime
        self.source = source
        self.config = config
        self.changed = changed
        self.deletedVersions = deletedVersions
    }

    private enum MetadataKey: String, CaseIterable {
        case tool, version, hash, source, changed, urls
        case creationTime = "creation_time"
        case deletedVersions = "deleted_versions"
    }

    private static let metadataKeys = Set(MetadataKey.allCases.map(\.rawValue))

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        // The canonical config never has these keys; skipping them keeps the object valid if it ever did.
        for (key, value) in config where !Self.metadataKeys.contains(key) {
            try container.encode(value, forKey: DynamicKey(key))
        }
        try container.encode(tool, forKey: DynamicKey(MetadataKey.tool))
        try container.encode(version, forKey: DynamicKey(MetadataKey.version))
        try container.encode(hash, forKey: DynamicKey(MetadataKey.hash))
        try container.encode(creationTime, forKey: DynamicKey(MetadataKey.creationTime))
        try container.encode(source, forKey: DynamicKey(MetadataKey.source))
        try container.encodeIfPresent(changed, forKey: DynamicKey(MetadataKey.changed))
        try container.encodeIfPresent(deletedVersions, forKey: DynamicKey(MetadataKey.deletedVersions))
        try container.encodeIfPresent(urls, forKey: DynamicKey(MetadataKey.urls))
    }

    /// Reads what ``encode(to:)`` writes: the facts by name, every other member into
    /// ``config``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        tool = try container.decode(String.self, forKey: DynamicKey(MetadataKey.tool))
        version = try container.decode(Int.self, forKey: DynamicKey(MetadataKey.version))
        hash = try container.decode(String.self, forKey: DynamicKey(MetadataKey.hash))
        creationTime = try container.decode(String.self, forKey: DynamicKey(MetadataKey.creationTime))
        source = try container.decode(String.self, forKey: DynamicKey(MetadataKey.source))
        changed = try container.decodeIfPresent(Bool.self, forKey: DynamicKey(MetadataKey.changed))
        deletedVersions = try container.decodeIfPresent(Int.self, forKey: DynamicKey(MetadataKey.deletedVersions))
        urls = try container.decodeIfPresent([String: String].self, forKey: DynamicKey(MetadataKey.urls))
        var config: [String: JSONValue] = [:]
        for key in container.allKeys where !Self.metadataKeys.contains(key.stringValue) {
            config[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        self.config = config
    }
}

extension DynamicKey {
    fileprivate init<Key: RawRepresentable<String>>(_ key: Key) {
        self.init(key.rawValue)
    }
}
