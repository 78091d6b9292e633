import Protocol

extension ExecutorServiceCore {
    /// The wire form of `snapshot`, where each run of a component that runs now carries what
    /// its processes use: on the tool's latest deployment, and on the deployment that started
    /// the version that runs.
    func wireWithUsage(_ snapshot: DeploymentSnapshot) async throws -> Wire.Deployment {
        var wire = snapshot.wire
        let tool = snapshot.deployment.tool, id = snapshot.deployment.deployId
        let isLatest = try await store.list(tool: tool, limit: 1).first?.deployment.deployId == id
        let live = try await store.componentStates(tool: tool).filter { isLatest || $0.deployId == id }.map(\.component)
        guard !live.isEmpty else { return wire }
        let usage = await backend.resourceUsage(tool: tool)
        for index in wire.runs.indices {
            let component = wire.runs[index].component
            guard live.contains(component), let use = usage[component] else { continue }
            wire.runs[index].resources = Wire.ResourceUse(
                memoryBytes: use.memoryBytes ?? 0, cpuMilliseconds: UInt64(max(0, (use.cpuSeconds ?? 0) * 1000).rounded()), oomKills: use.oomKills)
        }
        return wire
    }
}
