import GRDB

/// The executor's SQLite database: WAL mode, named append-only migrations.
enum ExecutorDatabase {
    static func open(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-26-create-deployments") { db in
            try db.execute(sql: """
                CREATE TABLE deployments (
                    deploy_id TEXT PRIMARY KEY NOT NULL,
                    tool TEXT NOT NULL,
                    creation_time_ms INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    long_status TEXT NOT NULL,
                    description TEXT NOT NULL,
                    force_build INTEGER NOT NULL,
                    force_run INTEGER NOT NULL,
                    config_version INTEGER NOT NULL,
                    config_json TEXT NOT NULL,
                    plan_json TEXT NOT NULL,
                    start_time_ms INTEGER,
                    end_time_ms INTEGER
                );
                CREATE INDEX deployments_by_tool ON deployments (tool, creation_time_ms);
                CREATE TABLE deployment_builds (
                    deploy_id TEXT NOT NULL REFERENCES deployments(deploy_id) ON DELETE CASCADE,
                    component TEXT NOT NULL,
                    build_id TEXT NOT NULL,
                    image TEXT NOT NULL,
                    status TEXT NOT NULL,
                    long_status TEXT NOT NULL,
                    start_time_ms INTEGER,
                    end_time_ms INTEGER,
                    PRIMARY KEY (deploy_id, component)
                );
                CREATE TABLE deployment_runs (
                    deploy_id TEXT NOT NULL REFERENCES deployments(deploy_id) ON DELETE CASCADE,
                    component TEXT NOT NULL,
                    status TEXT NOT NULL,
                    long_status TEXT NOT NULL,
                    start_time_ms INTEGER,
                    end_time_ms INTEGER,
                    PRIMARY KEY (deploy_id, component)
                );
                CREATE TABLE component_states (
                    tool TEXT NOT NULL,
                    component TEXT NOT NULL,
                    state_json TEXT NOT NULL,
                    PRIMARY KEY (tool, component)
                );
                """)
        }
        migrator.registerMigration("2026-11-26-create-inflight-processes") { db in
            // Processes of one-offs in flight, so a restarted executor can stop the ones a
            // killed executor left behind.
            try db.execute(sql: """
                CREATE TABLE inflight_processes (
                    tool TEXT NOT NULL,
                    deploy_id TEXT NOT NULL,
                    component TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    start_time INTEGER NOT NULL,
                    PRIMARY KEY (deploy_id, component, pid)
                );
                """)
        }
        migrator.registerMigration("2026-12-01-create-step-events") { db in
            // When each plan step started and ended, in commit order, and the plan-fidelity
            // check made from them once the deployment ended.
            try db.execute(sql: """
                CREATE TABLE deployment_step_events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    deploy_id TEXT NOT NULL,
                    step_id TEXT NOT NULL,
                    event TEXT NOT NULL
                );
                CREATE INDEX deployment_step_events_by_deployment ON deployment_step_events (deploy_id, sequence);
                ALTER TABLE deployments ADD COLUMN plan_fidelity_json TEXT;
                """)
        }
        migrator.registerMigration("2026-12-02-rollback-targets") { db in
            // The commits a deployment pinned, so a rollback can deploy them again, and the
            // deployment a rollback deploys again.
            try db.execute(sql: """
                ALTER TABLE deployments ADD COLUMN commits_json TEXT;
                ALTER TABLE deployments ADD COLUMN rollback_of TEXT;
                """)
        }
        migrator.registerMigration("2026-12-02-source-documents") { db in
            // The document a deployment fetched from its config's source_url (NULL when the
            // config has none): its URL, the SHA-256 of its bytes, when and how large.
            try db.execute(sql: """
                ALTER TABLE deployments ADD COLUMN source_url TEXT;
                ALTER TABLE deployments ADD COLUMN source_sha256 TEXT;
                ALTER TABLE deployments ADD COLUMN source_fetched_at_ms INTEGER;
                ALTER TABLE deployments ADD COLUMN source_size_bytes INTEGER;
                """)
        }
        return migrator
    }
}
