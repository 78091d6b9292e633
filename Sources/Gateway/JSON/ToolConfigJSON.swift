import Foundation
import Protocol

/// `data` of the config endpoints. Toolforge answers the config itself, so its members
/// (`config-version`, `components`) come first-level; our additions are the stored version's
/// facts: `tool`, `version`, `hash`, `creation_time`, `source` (the document as sent, comments
/// and all) and, after a POST, `changed`.
public struct ToolConfigJSON: Encodable, Sendable, Hashable {
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

    init(_ stored: Wire.StoredConfig, changed: Bool? = nil, deletedVersions: Int? = nil) {
        tool = stored.tool
        version = Int(stored.version)
        hash = stored.hash
        creationTime = Timestamp.iso8601(milliseconds: stored.creationTimeMs)
        source = stored.source
        config = JSONValue.parse(stored.canonicalJson)?.objectMembers ?? [:]
        self.changed = changed
        self.deletedVersions = deletedVersions
    }

    private static let metadataKeys: Set<String> = ["tool", "version", "hash", "creation_time", "source", "changed", "deleted_versions"]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        // The canonical config never has these keys; skipping them keeps the object valid if it ever did.
        for (key, value) in config where !Self.metadataKeys.contains(key) {
            try container.encode(value, forKey: DynamicKey(key))
        }
        try container.encode(tool, forKey: DynamicKey("tool"))
        try container.encode(version, forKey: DynamicKey("version"))
        try container.encode(hash, forKey: DynamicKey("hash"))
        try container.encode(creationTime, forKey: DynamicKey("creation_time"))
        try container.encode(source, forKey: DynamicKey("source"))
        try container.encodeIfPresent(changed, forKey: DynamicKey("changed"))
        try container.encodeIfPresent(deletedVersions, forKey: DynamicKey("deleted_versions"))
    }
}

extension JSONValue {
    /// Parses JSON text; `nil` when it is not JSON.
    static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
