/// The document fetched from a config's `source_url` (`source_document` of a deployment or
/// a config answer): where it came from, the SHA-256 of its bytes, when and how large.
public struct SourceDocumentJSON: Codable, Sendable, Hashable {
    /// The URL it was fetched from.
    public var url: String
    /// SHA-256 of the bytes as served, 64 lowercase hex digits.
    public var sha256: String
    /// When it was fetched, ISO 8601 UTC.
    public var fetchedAt: String
    /// Its size in bytes.
    public var sizeBytes: Int

    /// Creates a record.
    public init(url: String, sha256: String, fetchedAt: String, sizeBytes: Int) {
        self.url = url
        self.sha256 = sha256
        self.fetchedAt = fetchedAt
        self.sizeBytes = sizeBytes
    }

    enum CodingKeys: String, CodingKey {
        case url, sha256
        case fetchedAt = "fetched_at"
        case sizeBytes = "size_bytes"
    }
}
