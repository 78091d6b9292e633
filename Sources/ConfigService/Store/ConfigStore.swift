import ComponentsModel
import Foundation
import GRDB
import Protocol

/// Stores tool configs (every version kept), tools and their token hashes.
///
/// Each write is one SQLite transaction: a crash in the middle leaves the previous state.
public final class ConfigStore: Sendable {
    let database: DatabasePool
    /// The key webhook secrets are encrypted under, beside the database; made on first use.
    let webhookKey: WebhookSecretKey

    /// Opens (creating and migrating when needed) the database at `path`.
    public init(path: String) throws {
        database = try ConfigDatabase.open(path: path)
        webhookKey = WebhookSecretKey(file: URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent(WebhookSecretKey.fileName))
    }

    static var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    // MARK: - Configs

    /// Stores a validated config as a new version unless the latest has the same hash.
    public func putConfig(tool: String, source: String, canonicalJSON: String, hash: String) throws -> (record: StoredConfigRecord, changed: Bool) {
        try database.write { db in
            let latest = try Self.latest(tool: tool, db: db)
            if let latest, latest.hash == hash {
                return (latest, false)
            }
            let stored = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM config_versions WHERE tool = ?", arguments: [tool]) ?? 0
            let ever = try Int.fetchOne(db, sql: "SELECT last_config_version FROM tools WHERE name = ?", arguments: [tool]) ?? 0
            let highest = max(stored, ever)
            try db.execute(sql: "UPDATE tools SET last_config_version = ? WHERE name = ?", arguments: [highest + 1, tool])
            let record = StoredConfigRecord(
                tool: tool, version: highest + 1, source: source, canonicalJSON: canonicalJSON,
                hash: hash, creationTimeMs: Self.nowMs, deletedTimeMs: nil)
            try record.insert(db)
            return (record, true)
        }
    }

    /// The latest current version, or version `version` (deleted ones included, history is kept).
    public func config(tool: String, version: Int? = nil) throws -> StoredConfigRecord? {
        try database.read { db in
            if let version {
                return try StoredConfigRecord.fetchOne(db, key: ["tool": tool, "version": version])
            }
            return try Self.latest(tool: tool, db: db)
        }
    }

    private static func latest(tool: String, db: Database) throws -> StoredConfigRecord? {
        try StoredConfigRecord.fetchOne(db, sql: """
            SELECT * FROM config_versions WHERE tool = ? AND deleted_time_ms IS NULL
            ORDER BY version DESC LIMIT 1
            """, arguments: [tool])
    }

    /// Every stored version of a tool, newest first.
    public func versions(tool: String) throws -> [StoredConfigRecord] {
        try database.read { db in
            try StoredConfigRecord.fetchAll(db, sql: "SELECT * FROM config_versions WHERE tool = ? ORDER BY version DESC", arguments: [tool])
        }
    }

    /// Hides the tool's config: it has none until the next put. The versions stay stored
    /// (with their env values) unless `purge`, which erases every version. Answers how many
    /// versions were hidden or erased (0 when there was no current config; nothing changes then).
    public func deleteConfig(tool: String, purge: Bool = false) throws -> Int {
        try database.write { db in
            guard try Self.latest(tool: tool, db: db) != nil else { return 0 }
            if purge {
                try db.execute(sql: "DELETE FROM config_versions WHERE tool = ?", arguments: [tool])
            } else {
                try db.execute(sql: "UPDATE config_versions SET deleted_time_ms = ? WHERE tool = ? AND deleted_time_ms IS NULL", arguments: [Self.nowMs, tool])
            }
            return db.changesCount
        }
    }

    // MARK: - Tools and tokens

    /// Creates a tool and answers its token; the token is not stored, only its hash.
    public func createTool(name: String) throws -> String {
        let token = Token.generate(.tool, tool: name)
        try database.write { db in
            if try ToolRecord.fetchOne(db, key: name) != nil {
                throw RPCError(.alreadyExists, "the tool \(name) exists already")
            }
            try ToolRecord(name: name, tokenHash: Token.hash(token), creationTimeMs: Self.nowMs).insert(db)
        }
        return token
    }

    /// Replaces the tool's token and answers the new one; the old one stops working at once
    /// (there is no cache of tokens anywhere).
    public func rotateToolToken(name: String) throws -> String {
        let token = Token.generate(.tool, tool: name)
        try database.write { db in
            guard var tool = try ToolRecord.fetchOne(db, key: name) else {
                throw RPCError(.notFound, "no tool named \(name)")
            }
            tool.tokenHash = Token.hash(token)
            try tool.update(db)
        }
        return token
    }

    /// Deletes the tool, its tokens and every stored version of its config (env values
    /// included); the name can be created again. Answers how many config versions went.
    public func deleteTool(name: String) throws -> Int {
        try database.write { db in
            guard try ToolRecord.deleteOne(db, key: name) else {
                throw RPCError(.notFound, "no tool named \(name)")
            }
            try DeployTokenRecord.deleteOne(db, key: name)
            try db.execute(sql: "DELETE FROM config_versions WHERE tool = ?", arguments: [name])
            return db.changesCount
        }
    }

    /// Whether the tool exists.
    public func toolExists(_ name: String) throws -> Bool {
        try database.read { db in try ToolRecord.fetchOne(db, key: name) != nil }
    }

    /// The tool and kind a bearer token grants, or nil when it grants nothing. A deploy
    /// token grants nothing once its ``DeployTokenLifetime`` is over.
    ///
    /// - Parameter nowMs: the time to judge expiry at; now when nil.
    public func authenticate(token: String, nowMs: Int64? = nil) throws -> (tool: String, kind: Token.Kind)? {
        guard let (kind, tool) = Token.parse(token) else { return nil }
        let now = nowMs ?? Self.nowMs
        let storedHash: String? = try database.read { db in
            switch kind {
            case .tool:
                return try ToolRecord.fetchOne(db, key: tool)?.tokenHash
            case .deploy:
                guard let record = try DeployTokenRecord.fetchOne(db, key: tool),
                      DeployTokenLifetime.expiry(creationTimeMs: record.creationTimeMs) > now else { return nil }
                return record.tokenHash
            }
        }
        guard let storedHash, Token.matches(token, storedHash: storedHash) else { return nil }
        return (tool, kind)
    }

    /// Creates (`replace: false`, fails when one exists) or rotates (`replace: true`) the
    /// tool's deploy token; answers the new token and its creation time.
    public func issueDeployToken(tool: String, replace: Bool) throws -> (token: String, creationTimeMs: Int64) {
        let token = Token.generate(.deploy, tool: tool)
        let now = Self.nowMs
        try database.write { db in
            let existing = try DeployTokenRecord.fetchOne(db, key: tool)
            if existing != nil && !replace {
                throw RPCError(.alreadyExists, "the tool \(tool) has a deploy token already; rotate it to get a new one")
            }
            if existing == nil && replace {
                throw RPCError(.notFound, "the tool \(tool) has no deploy token; create one first")
            }
            try DeployTokenRecord(tool: tool, tokenHash: Token.hash(token), creationTimeMs: now).save(db)
        }
        return (token, now)
    }

    /// When the tool's deploy token was made, or nil when it has none.
    public func deployTokenCreationTime(tool: String) throws -> Int64? {
        try database.read { db in try DeployTokenRecord.fetchOne(db, key: tool)?.creationTimeMs }
    }

    /// Deletes the tool's deploy token; answers whether there was one.
    public func deleteDeployToken(tool: String) throws -> Bool {
        try database.write { db in try DeployTokenRecord.deleteOne(db, key: tool) }
    }
}
