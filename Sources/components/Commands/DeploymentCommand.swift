import ArgumentParser
import ComponentsAPI
import Foundation
import PlannerService

/// `components deployment ...`: create, follow and inspect deployments.
struct DeploymentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployment",
        abstract: "Create, follow and inspect deployments of the stored config.",
        subcommands: [Create.self, Show.self, List.self, Cancel.self, Rollback.self, Logs.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploy the stored config, and follow the deployment live on a terminal.",
            discussion: """
                When standard output is not a terminal (a script), it prints the deployment id and \
                returns at once, as upstream's CLI does; --wait follows it anyway. Exit status: 0 when \
                the deployment succeeds (or is only planned, or not waited for), 1 when it fails, is \
                cancelled or times out. A config with source_url is fetched again first (--only-plan \
                too): the deployment uses what the URL serves now and records it (URL, SHA-256, fetch \
                time; `deployment show`); when the fetch fails nothing is deployed.
                """)

        @Flag(help: "Show the plan; deploy nothing.") var onlyPlan = false
        @Flag(help: "Build every image, even when one for the same source exists.") var forceBuild = false
        @Flag(help: "Restart every component, even those up to date.") var forceRun = false
        @Option(help: "A note kept with the deployment.") var description = ""
        @Flag(help: "Print the deployment id and return at once.") var noWait = false
        @Flag(help: "Follow the deployment to its end even when standard output is not a terminal.") var wait = false
        @OptionGroup var server: ServerOptions

        func validate() throws {
            if noWait && wait { throw ValidationError("--wait and --no-wait contradict each other; pass one of them") }
        }

        func run() async throws {
            try await runReportingErrors {
                let request = DeploymentRequestJSON(forceBuild: forceBuild, forceRun: forceRun, onlyPlan: onlyPlan, description: description)
                try await DeploymentSubmission(server: server, path: "deployment", request: request, noWait: noWait, wait: wait).run()
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a deployment (the latest by default).",
            discussion: "For a config with source_url it names the document the deployment fetched: URL, time, size and SHA-256.")
        @Argument(help: "Deployment id.") var id: String?
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await runReportingErrors {
                let api = try server.endpoint()
                let answer = try await api.send("GET", api.toolPath("deployment/\(id ?? "latest")"), as: DeploymentJSON.self)
                if server.json { printJSON(answer.envelope); return }
                let progress = try DeploymentProgress(deployment: answer.data, frame: 0, elapsed: .zero, showsUsage: true)
                print(progress.lines.joined(separator: "\n"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deployments, newest first.")
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await runReportingErrors {
                let api = try server.endpoint()
                let answer = try await api.send("GET", api.toolPath("deployment"), as: DeploymentListJSON.self)
                if server.json { printJSON(answer.envelope); return }
                for deployment in answer.data.deployments {
                    print("\(deployment.deployID)  \(deployment.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))  \(deployment.longStatus)")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a deployment (the latest by default); running components stay as they are.")
        @Argument(help: "Deployment id.") var id: String?
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await runReportingErrors {
                let api = try server.endpoint()
                let target = try await resolveID(id, api: api)
                let answer = try await api.send("PUT", api.toolPath("deployment/\(target)/cancel"), body: [], as: DeploymentJSON.self)
                if server.json { printJSON(answer.envelope); return }
                print("\(answer.data.deployID): \(answer.data.status.rawValue)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a finished deployment's record.")
        @Argument(help: "Deployment id.") var id: String
        @OptionGroup var confirmation: Confirmation
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await runReportingErrors {
                let api = try server.endpoint()
                try confirmation.confirm("Delete the record of deployment \(id)? This cannot be undone.")
                let answer = try await api.send("DELETE", api.toolPath("deployment/\(id)"), as: DeploymentJSON.self)
                if server.json { printJSON(answer.envelope); return }
                print("deleted \(id)")
            }
        }
    }
}

/// The id given, or the latest deployment's.
func resolveID(_ id: String?, api: APIClient) async throws -> String {
    if let id { return id }
    return try await api.send("GET", api.toolPath("deployment/latest"), as: DeploymentJSON.self).data.deployID
}

/// Runs `body`, printing CLI errors in one line with the right exit status.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CLIError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        if case .usage = error { throw ExitCode(2) }
        throw ExitCode(1)
    }
}

extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}
