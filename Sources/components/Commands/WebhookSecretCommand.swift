import ArgumentParser
import ComponentsAPI
import Foundation

/// `components webhook-secret create|show|delete`: the secret GitHub or GitLab signs the
/// tool's webhooks with.
struct WebhookSecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook-secret",
        abstract: "Manage the secret that signs the tool's GitHub and GitLab webhooks.",
        discussion: """
            Create the secret, then add a push webhook to the repository: \
            URL <server>/v1/tool/<tool>/webhook/github (content type application/json) or \
            .../webhook/gitlab, with the secret as its secret (GitHub) or secret token (GitLab).
            """,
        subcommands: [Create.self, Show.self, Delete.self])

    static func call(_ method: String, _ server: ServerOptions) async throws {
        try await runReportingErrors {
            let api = try server.endpoint()
            let answer = try await api.send(method, api.toolPath("webhook-secret"), body: method == "POST" ? [] : nil, as: WebhookSecretJSON.self)
            if server.json { printJSON(answer.json); return }
            let urls = "webhook URLs: \(api.baseURL)\(api.toolPath("webhook/github")) and \(api.baseURL)\(api.toolPath("webhook/gitlab"))\n"
            if let secret = answer.data.secret, !secret.isEmpty {
                print(secret)
                FileHandle.standardError.write(Data(("This secret is shown once; paste it into the webhook's settings now.\n" + urls).utf8))
            } else if method == "DELETE" {
                print("webhook secret deleted; webhooks are refused until a new one is created")
            } else {
                print("the tool has a webhook secret, created \(answer.data.creationDate ?? "earlier"); it cannot be shown again (delete it and create a new one)")
                print(urls, terminator: "")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the webhook secret and print it once.")
        @OptionGroup var server: ServerOptions
        func run() async throws { try await WebhookSecretCommand.call("POST", server) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether a webhook secret exists, since when, and the webhook URLs.")
        @OptionGroup var server: ServerOptions
        func run() async throws { try await WebhookSecretCommand.call("GET", server) }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the webhook secret; webhooks are refused until a new one exists.")
        @OptionGroup var server: ServerOptions
        func run() async throws { try await WebhookSecretCommand.call("DELETE", server) }
    }
}
