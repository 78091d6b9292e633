import ArgumentParser
import Foundation

/// `components`: the command line of Components.
@main
struct Components: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "components",
        abstract: "Deploy multi-component tools from one YAML file.",
        discussion: """
            The server and token come from --url/--token, COMPONENTS_URL/COMPONENTS_TOKEN, or \
            ~/.config/components/config.yaml. Exit codes: 0 success, 1 failure, 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [ConfigCommand.self, PlanCommand.self, DeploymentCommand.self, DeployTokenCommand.self, AutoDeployCommand.self, WebhookSecretCommand.self,
                      ManifestsCommand.self]
    )

    /// Runs the command; usage errors exit with 2 (argument-parser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
