import Foundation
import PlannerService

extension Plan {
    /// The plan as the deployment keeps it: JSON with sorted keys.
    func storedJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The pending build and run records of deployment `deployID` that carry out this plan
    /// (stops are runs).
    func stepRecords(of deployID: String) -> (builds: [BuildRecord], runs: [RunRecord]) {
        let builds = steps.filter { $0.phase == .build }.map {
            BuildRecord(deployId: deployID, component: $0.component, buildId: "\(deployID)-\($0.component)", image: "",
                        status: .pending, longStatus: $0.reason, startTimeMs: nil, endTimeMs: nil)
        }
        let runs = steps.filter { $0.phase == .run || $0.kind == .stop }.map {
            RunRecord(deployId: deployID, component: $0.component, status: .pending, longStatus: $0.reason, startTimeMs: nil, endTimeMs: nil)
        }
        return (builds, runs)
    }
}
