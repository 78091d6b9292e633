import ArgumentParser
import ComponentsAPI
import Foundation

/// `components auto-deploy status`: what deploy-on-push polling saw of each repository.
struct AutoDeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auto-deploy",
        abstract: "Deploy on push: see what polling the tool's repositories found.",
        discussion: """
            Polling is turned on in the config with a top-level `auto-deploy: {poll: 1m}` and \
            starts after the tool's first deployment. For webhooks, see `components webhook-secret`.
            """,
        subcommands: [Status.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show, per repository, the last check, the last seen commit, the next check and the last error.")
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await runReportingErrors {
                let api = try server.endpoint()
                let answer = try await api.send("GET", api.toolPath("auto-deploy"), as: AutoDeployStatusJSON.self)
                if server.json { printJSON(answer.json); return }
                print(Self.render(answer.data, tool: api.tool), terminator: "")
            }
        }

        /// The status as text, one block per repository.
        static func render(_ status: AutoDeployStatusJSON, tool: String) -> String {
            guard status.polling else {
                return "\(tool) does not poll its repositories; add `auto-deploy: {poll: 1m}` to its config.\n"
            }
            var text = "polling every \(status.intervalSeconds ?? 0)s"
            if let requested = status.requestedSeconds, requested != status.intervalSeconds {
                text += " (the config asks \(requested)s; the server's minimum is higher)"
            }
            text += "\n"
            if let deployID = status.lastDeployId {
                text += "last deployment: \(deployID) at \(status.lastTriggerTime ?? "?")\n"
            }
            for repository in status.repositories {
                text += "\n\(repository.repository) \(repository.ref ?? "(default branch)")  [\(repository.components.joined(separator: ", "))]\n"
                text += "  last check:  \(repository.lastCheck ?? "not yet")\n"
                text += "  last seen:   \(repository.lastSeenCommit ?? "-")\n"
                text += "  next check:  \(repository.nextCheck ?? "-")\n"
                if let error = repository.lastError {
                    text += "  last error:  \(error) (\(repository.failures) failures in a row; backing off)\n"
                }
            }
            return text
        }
    }
}
