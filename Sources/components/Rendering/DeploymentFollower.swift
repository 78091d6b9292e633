import ComponentsAPI
import Foundation

/// Follows a deployment until it ends: redraws in place on a terminal, prints a line per
/// change otherwise; on failure prints the failed step's reason and last log lines.
struct DeploymentFollower {
    let api: APIClient
    let json: Bool

    func follow(_ deployID: String) async throws -> DeploymentJSON {
        let interactive = isatty(STDOUT_FILENO) == 1 && !json
        let start = ContinuousClock.now
        var drawn = 0
        var printed = Set<String>()
        var frame = 0
        while true {
            let answer = try await api.send("GET", api.toolPath("deployment/\(deployID)"), as: DeploymentJSON.self)
            let deployment = answer.data
            let view = try DeploymentProgress(deployment: deployment, frame: frame, elapsed: ContinuousClock.now - start)
            if interactive {
                var output = drawn > 0 ? "\u{1B}[\(drawn)A\u{1B}[J" : ""
                output += view.lines.joined(separator: "\n") + "\n"
                FileHandle.standardOutput.write(Data(output.utf8))
                drawn = view.lines.count
            } else if !json {
                // Plain lines: each state change once (the spinner frame is not a change).
                let still = try DeploymentProgress(deployment: deployment, frame: 0, elapsed: .zero)
                for line in still.lines.dropFirst() where printed.insert(line).inserted {
                    print(line)
                }
            }
            if deployment.status.isFinal {
                if json { printJSON(answer.envelope) }
                if deployment.status != .successful { await explainFailure(deployment) }
                return deployment
            }
            frame += 1
            try await Task.sleep(for: .milliseconds(interactive ? 150 : 500))
        }
    }

    private func explainFailure(_ deployment: DeploymentJSON) async {
        var failed: [(String, String)] = []
        for (name, build) in deployment.builds where build.buildStatus == .failed { failed.append((name, "build")) }
        for (name, run) in deployment.runs where run.runStatus == .failed { failed.append((name, "run")) }
        for (component, source) in failed.sorted(by: { $0.0 < $1.0 }) {
            let path = api.toolPath("deployment/\(deployment.deployID)/logs?component=\(component)&source=\(source)&tail=10")
            guard let answer = try? await api.send("GET", path, as: LogsJSON.self) else { continue }
            FileHandle.standardError.write(Data("last lines of the \(source) log of \(component):\n".utf8))
            for line in answer.data.lines { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
        }
    }
}
