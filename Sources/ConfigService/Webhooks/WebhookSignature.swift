import Crypto
import Foundation
import Protocol
import ToolConfig

/// Checks that a webhook delivery was made by someone who knows the tool's secret.
public enum WebhookSignature {
    /// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`; GitLab:
    /// `X-Gitlab-Token: <the secret>`. Compared in constant time; any other provider, or a
    /// malformed header, is false.
    public static func isValid(provider: String, body: Data, signature: String, secret: String) -> Bool {
        switch provider {
        case "github":
            return constantTimeEquals(github(body: body, secret: secret), signature.lowercased())
        case "gitlab":
            return constantTimeEquals(secret, signature)
        default:
            return false
        }
    }

    /// The `X-Hub-Signature-256` value GitHub sends for `body` (tests sign payloads with it).
    public static func github(body: Data, secret: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).lowercaseHex
    }

}
