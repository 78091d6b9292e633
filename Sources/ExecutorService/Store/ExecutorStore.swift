import Foundation
import GRDB
import Protocol

/// Deployments, their builds and runs, and the state of running components.
///
/// Every status change goes through ``DeploymentStateMachine`` and is committed before the
/// action it announces is taken, so a killed executor finds the truth on restart.
public final class ExecutorStore: Sendable {
    let database: DatabasePool

    /// Opens (creating and migrating when needed) the database at `path`.
    public init(path: String) throws {
        database = try ExecutorDatabase.open(path: path)
    }

    static var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Commits `updates` on GRDB's writer without blocking a thread of the caller, and even
    /// when the calling task was cancelled: a cancelled deployment must still record how it
    /// ended (GRDB's async `write` would throw `CancellationError` instead).
    func commit<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            database.asyncWrite(updates) { _, result in continuation.resume(with: result) }
        }
    }

    /// Reads on one of GRDB's readers without blocking a thread of the caller, and even when
    /// the calling task was cancelled: a cancelled deployment still reads the states it winds
    /// down with (GRDB's async `read` would throw `CancellationError` instead).
    func fetch<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            database.asyncRead { database in
                continuation.resume(with: Result { try value(database.get()) })
            }
        }
    }

    // MARK: - Deployments

    /// Persists a new deployment with its planned builds and runs, in one transaction.
    public func insert(_ deployment: DeploymentRecord, builds: [BuildRecord], runs: [RunRecord]) async throws {
        try await commit { db in
            try deployment.insert(db)
            for build in builds { try build.insert(db) }
            for run in runs { try run.insert(db) }
        }
    }

    /// Replaces the plan and the steps of a deployment that has not started, in one
    /// transaction; throws, changing nothing, once it has started or any of its steps has.
    public func replacePlan(of deployID: String, planJSON: String, builds: [BuildRecord], runs: [RunRecord]) async throws {
        try await commit { db in
            guard var deployment = try DeploymentRecord.fetchOne(db, key: deployID) else {
                throw BackendError("the deployment \(deployID) is not stored")
            }
            let started = try BuildRecord.filter(Column("deploy_id") == deployID && Column("status") != BuildStatus.pending.rawValue).fetchCount(db)
                + RunRecord.filter(Column("deploy_id") == deployID && Column("status") != RunStatus.pending.rawValue).fetchCount(db)
            guard deployment.status == .pending, started == 0 else {
                throw BackendError("the deployment \(deployID) has started; its plan can no longer change")
            }
            try Self.deleteSteps(of: deployID, db: db)
            deployment.planJSON = planJSON
            try deployment.update(db)
            for build in builds { try build.insert(db) }
            for run in runs { try run.insert(db) }
        }
    }

    /// Applies `event` to a deployment; answers the updated record.
    @discardableResult
    public func apply(_ event: DeploymentStateMachine.DeploymentEvent, to deployID: String, longStatus: String) async throws -> DeploymentRecord {
        try await commit { db in
            guard var record = try DeploymentRecord.fetchOne(db, key: deployID) else {
                throw RPCError(.notFound, "no deployment \(deployID)")
            }
            record.status = try DeploymentStateMachine.next(record.status, on: event)
            record.longStatus = longStatus
            if event == .start { record.startTimeMs = Self.nowMs }
            if record.status.isFinal { record.endTimeMs = Self.nowMs }
            try record.update(db)
            return record
        }
    }

    /// Applies `event` to one build of a deployment.
    public func apply(_ event: DeploymentStateMachine.StepEvent, toBuildOf component: String, in deployID: String, longStatus: String, image: String? = nil) async throws {
        try await commit { db in
            guard var record = try BuildRecord.fetchOne(db, key: ["deploy_id": deployID, "component": component]) else { return }
            record.status = try DeploymentStateMachine.next(record.status, on: event)
            record.longStatus = longStatus
            if let image { record.image = image }
            if event == .start { record.startTimeMs = Self.nowMs }
            if record.status.isFinal { record.endTimeMs = Self.nowMs }
            try record.update(db)
        }
    }

    /// Applies `event` to one run of a deployment.
    public func apply(_ event: DeploymentStateMachine.StepEvent, toRunOf component: String, in deployID: String, longStatus: String) async throws {
        try await commit { db in
            guard var record = try RunRecord.fetchOne(db, key: ["deploy_id": deployID, "component": component]) else { return }
            record.status = try DeploymentStateMachine.next(record.status, on: event)
            record.longStatus = longStatus
            if event == .start { record.startTimeMs = Self.nowMs }
            if record.status.isFinal { record.endTimeMs = Self.nowMs }
            try record.update(db)
        }
    }

    /// Changes only the long status of a running deployment (progress, not a transition).
    func setLongStatus(_ deployID: String, _ longStatus: String) async throws {
        try await commit { db in
            try db.execute(sql: "UPDATE deployments SET long_status = ? WHERE deploy_id = ?", arguments: [longStatus, deployID])
        }
    }

    /// Marks every build and run that has not started: builds cancelled, runs skipped.
    public func abandonPendingSteps(of deployID: String, longStatus: String) async throws {
        try await commit { db in
            for var build in try BuildRecord.filter(Column("deploy_id") == deployID && Column("status") == BuildStatus.pending.rawValue).fetchAll(db) {
                build.status = try DeploymentStateMachine.next(build.status, on: .cancel)
                build.longStatus = longStatus
                build.endTimeMs = Self.nowMs
                try build.update(db)
            }
            for var run in try RunRecord.filter(Column("deploy_id") == deployID && Column("status") == RunStatus.pending.rawValue).fetchAll(db) {
                run.status = try DeploymentStateMachine.next(run.status, on: .skip)
                run.longStatus = longStatus
                run.endTimeMs = Self.nowMs
                try run.update(db)
            }
        }
    }

    /// A deployment with its builds and runs.
    public func snapshot(_ deployID: String) async throws -> DeploymentSnapshot? {
        try await fetch { db in try Self.snapshot(deployID, db: db) }
    }

    private static func snapshot(_ deployID: String, db: Database) throws -> DeploymentSnapshot? {
        guard let deployment = try DeploymentRecord.fetchOne(db, key: deployID) else { return nil }
        let builds = try BuildRecord.filter(Column("deploy_id") == deployID).order(Column("component")).fetchAll(db)
        let runs = try RunRecord.filter(Column("deploy_id") == deployID).order(Column("component")).fetchAll(db)
        return DeploymentSnapshot(deployment: deployment, builds: builds, runs: runs)
    }

    /// A tool's deployments, newest first.
    public func list(tool: String, limit: Int) async throws -> [DeploymentSnapshot] {
        try await fetch { db in
            let ids = try String.fetchAll(db, sql: "SELECT deploy_id FROM deployments WHERE tool = ? ORDER BY creation_time_ms DESC, deploy_id DESC LIMIT ?", arguments: [tool, limit])
            return try ids.compactMap { try Self.snapshot($0, db: db) }
        }
    }

    /// Every stored deployment, oldest first (for the retention sweep).
    public func allDeployments() async throws -> [DeploymentSnapshot] {
        try await fetch { db in
            let ids = try String.fetchAll(db, sql: "SELECT deploy_id FROM deployments ORDER BY creation_time_ms, deploy_id")
            return try ids.compactMap { try Self.snapshot($0, db: db) }
        }
    }

    /// The tools with a stored deployment.
    public func tools() async throws -> [String] {
        try await fetch { db in try String.fetchAll(db, sql: "SELECT DISTINCT tool FROM deployments ORDER BY tool") }
    }

    /// Deployments not in a final status, oldest first (for recovery and queueing).
    public func unfinished() async throws -> [DeploymentRecord] {
        try await fetch { db in
            try DeploymentRecord.filter(DeploymentStatus.unfinished.map(\.rawValue).contains(Column("status")))
                .order(Column("creation_time_ms"), Column("deploy_id")).fetchAll(db)
        }
    }

    /// Deletes a finished deployment; answers whether it existed.
    public func delete(_ deployID: String) async throws -> Bool {
        try await commit { db in
            guard let record = try DeploymentRecord.fetchOne(db, key: deployID) else { return false }
            guard record.status.isFinal else {
                throw RPCError(.failedPrecondition, "deployment \(deployID) is \(record.status.rawValue); cancel it before deleting it")
            }
            try Self.deleteSteps(of: deployID, db: db)
            return try DeploymentRecord.deleteOne(db, key: deployID)
        }
    }

    /// Deletes the finished deployments of a tool beyond the newest `keep`, except the newest
    /// `keepSuccessful` successful ones: those are the rollback targets, whose images the
    /// retention sweep keeps because their records are kept.
    public func prune(tool: String, keep: Int, keepSuccessful: Int = 0) async throws {
        try await commit { db in
            let newestFirst = [Column("creation_time_ms").desc, Column("deploy_id").desc]
            let old = try DeploymentRecord.select(Column("deploy_id"), as: String.self)
                .filter(Column("tool") == tool && DeploymentStatus.finals.map(\.rawValue).contains(Column("status")))
                .order(newestFirst)
                .limit(-1, offset: keep).fetchAll(db)
            let targets = Set(try DeploymentRecord.select(Column("deploy_id"), as: String.self)
                .filter(Column("tool") == tool && Column("status") == DeploymentStatus.successful.rawValue)
                .order(newestFirst)
                .limit(keepSuccessful).fetchAll(db))
            for id in old where !targets.contains(id) {
                try Self.deleteSteps(of: id, db: db)
                try db.execute(sql: "DELETE FROM deployments WHERE deploy_id = ?", arguments: [id])
            }
        }
    }

    private static func deleteSteps(of deployID: String, db: Database) throws {
        try db.execute(sql: """
            DELETE FROM deployment_builds WHERE deploy_id = ?; DELETE FROM deployment_runs WHERE deploy_id = ?;
            DELETE FROM deployment_step_events WHERE deploy_id = ?
            """, arguments: [deployID, deployID, deployID])
    }

    // MARK: - Processes in flight

    /// Records a one-off's process before it is waited on.
    public func recordInflight(tool: String, deployID: String, component: String, process: ComponentStateRecord.LiveProcess) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO inflight_processes (tool, deploy_id, component, pid, start_time) VALUES (?, ?, ?, ?, ?)",
                           arguments: [tool, deployID, component, process.pid, Int64(bitPattern: process.startTime)])
        }
    }

    /// Forgets the processes of a finished run.
    public func clearInflight(deployID: String, component: String) async throws {
        try await commit { db in
            try db.execute(sql: "DELETE FROM inflight_processes WHERE deploy_id = ? AND component = ?", arguments: [deployID, component])
        }
    }

    /// Every recorded process in flight, and forgets them all.
    public func takeAllInflight() async throws -> [(tool: String, component: String, process: ComponentStateRecord.LiveProcess)] {
        try await commit { db in
            let rows = try Row.fetchAll(db, sql: "SELECT tool, component, pid, start_time FROM inflight_processes")
            try db.execute(sql: "DELETE FROM inflight_processes")
            return rows.map { row in
                (row["tool"], row["component"], ComponentStateRecord.LiveProcess(pid: row["pid"], startTime: UInt64(bitPattern: row["start_time"])))
            }
        }
    }

    // MARK: - Component states

    /// The state of every component of a tool.
    public func componentStates(tool: String) async throws -> [ComponentStateRecord] {
        try await fetch { db in
            try String.fetchAll(db, sql: "SELECT state_json FROM component_states WHERE tool = ? ORDER BY component", arguments: [tool])
                .map { try JSONDecoder().decode(ComponentStateRecord.self, from: Data($0.utf8)) }
        }
    }

    /// Every tool with component states, for recovery.
    public func toolsWithComponents() async throws -> [String] {
        try await fetch { db in try String.fetchAll(db, sql: "SELECT DISTINCT tool FROM component_states ORDER BY tool") }
    }

    /// Records what runs for a component.
    public func saveComponentState(_ state: ComponentStateRecord) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(state), as: UTF8.self)
        try await commit { db in
            try db.execute(sql: "INSERT OR REPLACE INTO component_states (tool, component, state_json) VALUES (?, ?, ?)", arguments: [state.tool, state.component, json])
        }
    }

    /// Forgets a stopped component.
    public func deleteComponentState(tool: String, component: String) async throws {
        try await commit { db in
            try db.execute(sql: "DELETE FROM component_states WHERE tool = ? AND component = ?", arguments: [tool, component])
        }
    }
}
