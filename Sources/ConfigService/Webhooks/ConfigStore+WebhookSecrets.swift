import Foundation
import GRDB
import Protocol

/// A tool's webhook secret, sealed (see ``WebhookSecretKey``).
struct WebhookSecretRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "webhook_secrets"
    var tool: String
    var sealedSecret: Data
    var creationTimeMs: Int64

    enum CodingKeys: String, CodingKey {
        case tool
        case sealedSecret = "sealed_secret"
        case creationTimeMs = "creation_time_ms"
    }
}

extension ConfigStore {
    /// Makes the tool's webhook secret; answers it (shown once) and its creation time.
    /// ALREADY_EXISTS when the tool has one: delete it first.
    public func createWebhookSecret(tool: String) throws -> (secret: String, creationTimeMs: Int64) {
        // Not a bearer token: no kind prefix the authenticator would recognise.
        let secret = "whsec_" + Token.randomSecret()
        let sealed = try webhookKey.seal(secret)
        let now = Self.nowMs
        try database.write { db in
            if try WebhookSecretRecord.fetchOne(db, key: tool) != nil {
                throw RPCError(.alreadyExists, "the tool \(tool) has a webhook secret already; delete it to make a new one (then update the webhook)")
            }
            try WebhookSecretRecord(tool: tool, sealedSecret: sealed, creationTimeMs: now).insert(db)
        }
        return (secret, now)
    }

    /// When the tool's webhook secret was made, or nil when it has none.
    public func webhookSecretCreationTime(tool: String) throws -> Int64? {
        try database.read { db in try WebhookSecretRecord.fetchOne(db, key: tool)?.creationTimeMs }
    }

    /// The tool's webhook secret in clear, for checking a signature; nil when it has none.
    func webhookSecret(tool: String) throws -> String? {
        guard let record = try database.read({ db in try WebhookSecretRecord.fetchOne(db, key: tool) }) else { return nil }
        return try webhookKey.open(record.sealedSecret)
    }

    /// Deletes the tool's webhook secret; answers whether there was one.
    public func deleteWebhookSecret(tool: String) throws -> Bool {
        try database.write { db in try WebhookSecretRecord.deleteOne(db, key: tool) }
    }
}
