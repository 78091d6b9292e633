import Crypto
import Foundation
import Protocol

/// Bearer tokens: `<kind>_<tool>_<secret>`, with 256 random bits of secret.
///
/// Only SHA-256 hashes are stored; the tool name in the token lets the store find the one
/// row to compare with, and the comparison is constant-time.
public enum Token {
    /// What a token grants.
    public enum Kind: String, Sendable {
        /// Every endpoint of its tool.
        case tool = "ctt"
        /// Creating and reading deployments of its tool only.
        case deploy = "cdt"
    }

    /// A new random token of `kind` for `tool`.
    public static func generate(_ kind: Kind, tool: String) -> String {
        "\(kind.rawValue)_\(tool)_\(randomSecret())"
    }

    /// 256 random bits in URL-safe base64 without padding (43 characters).
    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The stored form of a token.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Kind and tool of a well-formed token; nil for anything else.
    public static func parse(_ token: String) -> (kind: Kind, tool: String)? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = Kind(rawValue: String(parts[0])), !parts[1].isEmpty, parts[2].count >= 32 else {
            return nil
        }
        return (kind, String(parts[1]))
    }

    /// Whether `token` hashes to `storedHash`, compared in constant time.
    public static func matches(_ token: String, storedHash: String) -> Bool {
        constantTimeEquals(hash(token), storedHash)
    }
}
