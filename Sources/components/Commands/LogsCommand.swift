import ArgumentParser
import ComponentsAPI
import Foundation

extension DeploymentCommand {
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the build or run logs of a deployment (the latest by default).")
        @Argument(help: "Deployment id.") var id: String?
        @Option(help: "Only this component (default: every component of the deployment).") var component: String?
        @Flag(help: "Build logs instead of run logs.") var build = false
        @Option(help: "Lines from the end.") var tail = 100
        @Flag(help: "Keep printing new lines until interrupted.") var follow = false
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await runReportingErrors {
                let api = try server.endpoint()
                let target = try await resolveID(id, api: api)
                let source = build ? "build" : "run"
                var components: [String]
                if let component {
                    components = [component]
                } else {
                    let deployment = try await api.send("GET", api.toolPath("deployment/\(target)"), as: DeploymentJSON.self).data
                    components = (build ? Array(deployment.builds.keys) : Array(deployment.runs.keys)).sorted()
                }
                var offsets: [String: UInt64] = [:]
                for name in components {
                    let path = api.toolPath("deployment/\(target)/logs?component=\(name)&source=\(source)&tail=\(tail)")
                    guard let answer = try? await api.send("GET", path, as: LogsJSON.self) else { continue }
                    if server.json { printJSON(answer.json); continue }
                    for line in answer.data.lines { print(components.count > 1 ? "\(name) | \(line)" : line) }
                    offsets[name] = answer.data.nextOffset
                }
                while follow {
                    try await Task.sleep(for: .milliseconds(500))
                    for name in components {
                        // One answer carries at most a chunk of the log: ask again at once
                        // until caught up, so the follower keeps pace with a busy writer.
                        while true {
                            let offset = offsets[name] ?? 0
                            let path = api.toolPath("deployment/\(target)/logs?component=\(name)&source=\(source)&offset=\(offset)")
                            guard let answer = try? await api.send("GET", path, as: LogsJSON.self) else { break }
                            for line in answer.data.lines { print(components.count > 1 ? "\(name) | \(line)" : line) }
                            let next = answer.data.nextOffset
                            offsets[name] = next
                            if next == offset { break }
                        }
                    }
                }
            }
        }
    }
}
