import Crypto
import Protocol
import ToolConfig

/// A config document fetched from `source_url`: what a deployment records as the document it
/// used.
public struct FetchedSourceDocument: Sendable, Hashable {
    /// The URL it was fetched from.
    public var url: String
    /// The bytes as served.
    public var bytes: [UInt8]
    /// When the fetch ended, in milliseconds since 1970.
    public var fetchedAtMs: Int64

    /// Creates a record of a fetch.
    public init(url: String, bytes: [UInt8], fetchedAtMs: Int64) {
        self.url = url
        self.bytes = bytes
        self.fetchedAtMs = fetchedAtMs
    }

    /// SHA-256 of ``bytes``, 64 lowercase hex digits.
    public var sha256: String {
        SHA256.hash(data: bytes).lowercaseHex
    }

    /// The wire form (without the bytes).
    public var wire: Wire.SourceDocument {
        Wire.SourceDocument(url: url, sha256: sha256, fetchedAtMs: fetchedAtMs, sizeBytes: UInt64(bytes.count))
    }
}
