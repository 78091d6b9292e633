import Foundation
import Logging
import PlannerService
import Protocol

/// Plans deployments with the planner service against what runs now: when a deployment is
/// created, and again when it starts, since a deployment that waited behind another would
/// otherwise carry out a plan made for a state that no longer exists.
struct DeploymentPlanning: Sendable {
    let store: ExecutorStore
    let backend: any DeploymentBackend
    let plannerClient: RPCClient
    let logger: Logger

    /// The plan of `configJSON` for `tool` against what runs now and the images that exist now.
    func plan(tool: String, configJSON: String, commits: [ResolvedCommit], forceBuild: Bool, forceRun: Bool) async throws -> Plan {
        let planRequest = Wire.PlanRequest(
            configJson: configJSON, current: try await componentStates(tool: tool),
            commits: commits.map { Wire.ResolvedCommit(repository: $0.repository, ref: $0.ref ?? "", commit: $0.commit) },
            forceBuild: forceBuild, forceRun: forceRun,
            existingBuilds: await backend.existingBuildKeys(tool: tool).map { Wire.BuildKey(repository: $0.repository, commit: $0.commit ?? "", settingsHash: $0.settingsHash) })
        let planned = try await plannerClient.call(PlannerMethod.plan, planRequest)
        return Plan(wire: planned.plan ?? Wire.Plan())
    }

    /// What runs for each component of `tool`, health from the live processes, with pids
    /// and port.
    func componentStates(tool: String) async throws -> [Wire.ComponentState] {
        var states: [Wire.ComponentState] = []
        for state in try await store.componentStates(tool: tool) {
            var wire = state.plannerState(alive: await backend.isAlive(state.processes)).wire
            wire.pids = state.processes.map(\.pid)
            wire.port = UInt32(clamping: state.port ?? 0)
            states.append(wire)
        }
        return states
    }

    /// `job` planned again with the same config, commits and force flags against the state
    /// at its start. When the plan changed, its steps are replaced in the store (they have
    /// not started) before the job goes on with the new plan.
    func replanAtStart(_ job: DeploymentJob) async throws -> DeploymentJob {
        guard let record = try await store.snapshot(job.deployID)?.deployment else {
            throw BackendError("the deployment \(job.deployID) is not stored")
        }
        let plan = try await plan(tool: job.tool, configJSON: record.configJSON, commits: job.resolvedCommits,
                                  forceBuild: record.forceBuild, forceRun: record.forceRun)
        guard plan != job.plan else { return job }
        let (builds, runs) = plan.stepRecords(of: job.deployID)
        try await store.replacePlan(of: job.deployID, planJSON: try plan.storedJSON(), builds: builds, runs: runs)
        logger.info("re-planned a deployment at its start: what runs changed while it waited", metadata: ["deploy_id": "\(job.deployID)"])
        var replanned = job
        replanned.plan = plan
        return replanned
    }
}
