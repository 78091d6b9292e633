import Foundation
import GRDB

/// The config service's SQLite database: WAL mode, named append-only migrations.
///
/// Every commit is synced to disk (`synchronous=FULL`): a rotated or deleted token must never
/// come back after a power loss. Migrations are never edited once landed; a change of schema
/// is a new migration.
enum ConfigDatabase {
    static func open(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // On the one writer connection, after GRDB's own WAL set-up (which picks NORMAL).
        // secure_delete overwrites what a purge or a token rotation removes.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON") }
        try migrator.migrate(pool)
        return pool
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-26-create-tools-configs-tokens") { db in
            try db.execute(sql: """
                CREATE TABLE tools (
                    name TEXT PRIMARY KEY NOT NULL,
                    token_hash TEXT NOT NULL,
                    creation_time_ms INTEGER NOT NULL
                );
                CREATE TABLE config_versions (
                    tool TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    canonical_json TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    creation_time_ms INTEGER NOT NULL,
                    deleted_time_ms INTEGER,
                    PRIMARY KEY (tool, version)
                );
                CREATE TABLE deploy_tokens (
                    tool TEXT PRIMARY KEY NOT NULL,
                    token_hash TEXT NOT NULL,
                    creation_time_ms INTEGER NOT NULL
                );
                """)
        }
        // The highest config version a tool ever had, kept when a purge erases the versions,
        // so a number never names two different configs (deployments record the number).
        migrator.registerMigration("2026-12-02-tools-last-config-version") { db in
            try db.execute(sql: """
                ALTER TABLE tools ADD COLUMN last_config_version INTEGER NOT NULL DEFAULT 0;
                UPDATE tools SET last_config_version =
                    COALESCE((SELECT MAX(version) FROM config_versions WHERE config_versions.tool = tools.name), 0);
                """)
        }
        // Webhook secrets, AES-GCM sealed under the key file beside the database: the
        // server needs the secret itself to check an HMAC, so it cannot be stored hashed.
        migrator.registerMigration("2026-12-02-webhook-secrets") { db in
            try db.execute(sql: """
                CREATE TABLE webhook_secrets (
                    tool TEXT PRIMARY KEY NOT NULL,
                    sealed_secret BLOB NOT NULL,
                    creation_time_ms INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }
}
