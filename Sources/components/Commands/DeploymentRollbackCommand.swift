import ArgumentParser
import ComponentsAPI

extension DeploymentCommand {
    /// `components deployment rollback [ID]`.
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploy again what an earlier successful deployment ran, building nothing, and follow it live.",
            discussion: """
                The rollback is a new deployment of the target's config version with the images it \
                ran (no build), planned against what runs now: components that differ restart behind \
                their health checks and the router switch, and one-off jobs that differ run again, in \
                order. Without ID the target is the newest successful deployment before the latest \
                one. Targets whose images retention deleted are refused, naming the oldest possible \
                target (the executor keeps the images of the last --rollback-targets successful \
                deployments). A config with source_url is not fetched again: the rollback deploys \
                the document its target fetched.
                Like `deployment create`, it follows the rollback live on a terminal and prints its id                 and returns at once in a script (--wait follows anyway). Exit status: 0 when the                 rollback succeeds (or is only planned, or not waited for), 1 otherwise.
                """)

        @Argument(help: "The deployment to roll back to; by default the newest successful one before the latest.") var id: String?
        @Flag(help: "Show the plan; deploy nothing.") var onlyPlan = false
        @Option(help: "A note kept with the deployment, after the words saying it is a rollback.") var description = ""
        @Flag(help: "Print the deployment id and return at once.") var noWait = false
        @Flag(help: "Follow the rollback to its end even when standard output is not a terminal.") var wait = false
        @OptionGroup var server: ServerOptions

        func validate() throws {
            if noWait && wait { throw ValidationError("--wait and --no-wait contradict each other; pass one of them") }
        }

        func run() async throws {
            try await runReportingErrors {
                let request = DeploymentRequestJSON(forceBuild: false, forceRun: false, onlyPlan: onlyPlan, description: description)
                let path = id.map { "deployment/\($0)/rollback" } ?? "deployment/rollback"
                try await DeploymentSubmission(server: server, path: path, request: request, noWait: noWait, wait: wait).run { deployment in
                    "Rollback to \(deployment.rollbackOf ?? "?") (config version \(deployment.configVersion)):"
                }
            }
        }
    }
}
