import Foundation
import Protocol

/// What one timed deployment showed.
struct DeploymentFigures {
    var deployment: Wire.Deployment
    /// From just before CreateDeployment was sent until the client saw a final status.
    var wallMilliseconds: Double
    /// Wall-clock time (ms since 1970) when CreateDeployment was sent and when the final
    /// status was seen, to line up with the executor's own timestamps.
    var sentAtMs: Double
    var seenFinalAtMs: Double
    var polls: Int
}

let finalStatuses: Set<Wire.DeploymentStatus> = [.successful, .failed, .cancelled, .timedOut]

extension Stack {
    func createTool(_ name: String, config source: String) async throws {
        _ = try await configClient.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: name))
        _ = try await configClient.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: name, source: source))
    }

    /// Creates a deployment of `tool` and polls GetDeployment every `poll` until it ends.
    func deploy(_ tool: String, poll: Duration, timeout: Duration = .seconds(300)) async throws -> DeploymentFigures {
        let clock = ContinuousClock()
        let sentAt = Date().timeIntervalSince1970 * 1000
        let started = clock.now
        let created = try await executorClient.call(
            ExecutorMethod.createDeployment, Wire.CreateDeploymentRequest(tool: tool, description: "executor benchmark"))
        guard let id = created.deployment?.deployId else { throw BenchError("CreateDeployment answered no deployment") }
        var polls = 0
        while clock.now - started < timeout {
            polls += 1
            let answer = try await executorClient.call(ExecutorMethod.getDeployment, Wire.DeploymentRef(tool: tool, deployId: id))
            if let deployment = answer.deployment, finalStatuses.contains(deployment.status) {
                let wall = (clock.now - started).milliseconds
                return DeploymentFigures(deployment: deployment, wallMilliseconds: wall, sentAtMs: sentAt,
                                         seenFinalAtMs: Date().timeIntervalSince1970 * 1000, polls: polls)
            }
            try await Task.sleep(for: poll)
        }
        throw BenchError("deployment \(id) of \(tool) did not end within \(timeout)")
    }
}

extension Stack {
    /// The ports and pids the executor recorded for `tool`'s components: how many continuous
    /// components share a port with another one (the local backend picks a free port per
    /// component; two picks racing can return the same port, and the second process then
    /// cannot listen while the health check passes against the first).
    func portReport(_ tool: String) async throws -> (continuous: Int, distinctPorts: Int, sharing: [String]) {
        let answer = try await executorClient.call(
            ExecutorMethod.getComponentStates, Wire.GetComponentStatesRequest(tool: tool))
        let withPorts = answer.states.filter { $0.port != 0 }
        let byPort = Dictionary(grouping: withPorts, by: \.port)
        let sharing = byPort.filter { $0.value.count > 1 }.map { port, states in "port \(port): \(states.map(\.component).sorted().joined(separator: ", "))" }
        return (withPorts.count, byPort.count, sharing.sorted())
    }
}
