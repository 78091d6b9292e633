import Crypto
import Foundation
import Protocol

/// The AES-256 key webhook secrets are sealed under: 32 random bytes in a file of mode 0600
/// in the config service's state folder, made on first use. A copy of the database alone
/// reveals no secret.
struct WebhookSecretKey: Sendable {
    static let fileName = "webhook-secrets.key"
    let file: URL

    /// `plaintext` sealed (nonce, ciphertext and tag in one blob).
    func seal(_ plaintext: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(plaintext.utf8), using: try load(create: true)).combined else {
            throw RPCError(.internal, "could not seal a webhook secret")
        }
        return combined
    }

    /// What ``seal(_:)`` sealed; fails when the key file changed or is gone.
    func open(_ sealed: Data) throws -> String {
        let key = try load(create: false)
        do {
            let plaintext = try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key)
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw RPCError(.failedPrecondition,
                "the webhook secret cannot be decrypted with \(file.path) (was the key file replaced?); delete the secret and create a new one")
        }
    }

    private func load(create: Bool) throws -> SymmetricKey {
        if let bytes = FileManager.default.contents(atPath: file.path) {
            guard bytes.count == 32 else {
                throw RPCError(.failedPrecondition, "\(file.path) holds \(bytes.count) bytes, not a 32-byte key; restore it from a backup")
            }
            return SymmetricKey(data: bytes)
        }
        guard create else {
            throw RPCError(.failedPrecondition, "the webhook secret key \(file.path) is missing; delete the secret and create a new one")
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        // Created with mode 0600 from the start, never world-readable for a moment.
        guard FileManager.default.createFile(atPath: file.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw RPCError(.internal, "could not create the webhook secret key \(file.path)")
        }
        return key
    }
}
