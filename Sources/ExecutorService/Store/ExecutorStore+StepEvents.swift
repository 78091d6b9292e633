import Foundation
import GRDB

extension ExecutorStore {
    /// Records that a plan step started or ended; events are numbered in commit order.
    public func record(_ kind: StepEvent.Kind, step stepID: String, of deployID: String) async throws {
        try await commit { db in
            try db.execute(sql: "INSERT INTO deployment_step_events (deploy_id, step_id, event) VALUES (?, ?, ?)",
                           arguments: [deployID, stepID, kind.rawValue])
        }
    }

    /// Every step event of a deployment, in the order they were recorded.
    public func stepEvents(of deployID: String) async throws -> [StepEvent] {
        try await fetch { db in
            try Row.fetchAll(db, sql: "SELECT sequence, step_id, event FROM deployment_step_events WHERE deploy_id = ? ORDER BY sequence",
                             arguments: [deployID]).map { row in
                guard let kind = StepEvent.Kind(rawValue: row["event"]) else {
                    throw DatabaseError(message: "unknown step event \(String(describing: row["event"] as String?))")
                }
                return StepEvent(sequence: row["sequence"], stepID: row["step_id"], kind: kind)
            }
        }
    }

    /// Keeps the plan-fidelity check of an ended deployment.
    public func savePlanFidelity(_ fidelity: PlanFidelity, of deployID: String) async throws {
        let json = String(decoding: try JSONEncoder().encode(fidelity), as: UTF8.self)
        try await commit { db in
            try db.execute(sql: "UPDATE deployments SET plan_fidelity_json = ? WHERE deploy_id = ?", arguments: [json, deployID])
        }
    }
}
