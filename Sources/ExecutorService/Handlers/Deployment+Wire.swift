import Foundation
import PlannerService
import Protocol

extension DeploymentSnapshot {
    /// The wire form, with the plan when it was kept.
    public var wire: Wire.Deployment {
        let plan = (try? JSONDecoder().decode(Plan.self, from: Data(deployment.planJSON.utf8)))?.wire
        return Wire.Deployment(
            deployId: deployment.deployId, tool: deployment.tool, creationTimeMs: deployment.creationTimeMs,
            status: deployment.status.wire, longStatus: deployment.longStatus,
            builds: builds.map {
                Wire.DeploymentBuild(component: $0.component, buildId: $0.buildId, buildImage: $0.image, status: $0.status.wire,
                                     longStatus: $0.longStatus, startTimeMs: $0.startTimeMs ?? 0, endTimeMs: $0.endTimeMs ?? 0)
            },
            runs: runs.map {
                Wire.DeploymentRun(component: $0.component, status: $0.status.wire, longStatus: $0.longStatus,
                                   startTimeMs: $0.startTimeMs ?? 0, endTimeMs: $0.endTimeMs ?? 0)
            },
            plan: plan, configVersion: UInt32(clamping: deployment.configVersion), description: deployment.description,
            forceBuild: deployment.forceBuild, forceRun: deployment.forceRun,
            queued: deployment.status == .pending,
            planFidelity: planFidelity.map { Wire.PlanFidelity(ok: $0.ok, violations: $0.violations) },
            rollbackOf: deployment.rollbackOf ?? "", sourceDocument: deployment.sourceDocument)
    }

    /// The plan-fidelity check of an ended deployment; nil before it was checked.
    public var planFidelity: PlanFidelity? {
        deployment.planFidelityJSON.flatMap { try? JSONDecoder().decode(PlanFidelity.self, from: Data($0.utf8)) }
    }
}

extension ComponentStateRecord {
    /// What the planner needs to know of this component.
    func plannerState(alive: Bool) -> ComponentState {
        let health: ComponentState.Health = switch type {
        case .continuous: alive ? .healthy : .unhealthy
        case .scheduled: alive || scheduled ? .healthy : .unhealthy
        case .oneOff: .healthy
        }
        return ComponentState(
            component: component, type: type, imageID: imageID,
            repository: repository, commit: commit, buildSettingsHash: buildSettingsHash, runSpecHash: runSpecHash,
            health: health, lastResult: lastResult, scheduled: scheduled, waitFor: waitFor)
    }
}
