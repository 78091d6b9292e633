import ComponentsAPI
import Protocol

extension ToolConfigJSON {
    /// A stored config version as the API shows it, with `changed` after a POST and
    /// `deletedVersions` after a DELETE.
    init(_ stored: Wire.StoredConfig, changed: Bool? = nil, deletedVersions: Int? = nil) {
        self.init(
            tool: stored.tool,
            version: Int(stored.version),
            hash: stored.hash,
            creationTime: Timestamp.iso8601(milliseconds: stored.creationTimeMs),
            source: stored.source,
            config: JSONValue.parse(stored.canonicalJson)?.objectMembers ?? [:],
            changed: changed,
            deletedVersions: deletedVersions)
    }
}
