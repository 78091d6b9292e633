import ArgumentParser
import ComponentsAPI
import Foundation

/// `components deploy-token create|show|refresh|delete`: the token CI uses to deploy.
struct DeployTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy-token",
        abstract: "Manage the tool's deploy token (it can only create and read deployments).",
        subcommands: [Create.self, Show.self, Refresh.self, Delete.self])

    static func call(_ method: String, _ server: ServerOptions, confirming question: String? = nil, with confirmation: Confirmation? = nil) async throws {
        try await runReportingErrors {
            let api = try server.endpoint()
            if let question, let confirmation { try confirmation.confirm(question) }
            let answer = try await api.send(method, api.toolPath("deployment/token"), body: method == "GET" || method == "DELETE" ? nil : [], as: DeployTokenJSON.self)
            if server.json { printJSON(answer.envelope); return }
            if let token = answer.data.token, !token.isEmpty {
                print(token)
                FileHandle.standardError.write(Data("This token is shown once; store it in your CI secrets. Use it as ?token=... or a Bearer token.\n".utf8))
            } else if method == "DELETE" {
                print("deploy token deleted")
            } else {
                print("the tool has a deploy token, created \(answer.data.creationDate ?? "earlier"); it cannot be shown again (refresh to get a new one)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the deploy token and print it once.")
        @OptionGroup var server: ServerOptions
        func run() async throws { try await DeployTokenCommand.call("POST", server) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether a deploy token exists and when it was made.")
        @OptionGroup var server: ServerOptions
        func run() async throws { try await DeployTokenCommand.call("GET", server) }
    }

    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the deploy token; the old one stops working.")
        @OptionGroup var confirmation: Confirmation
        @OptionGroup var server: ServerOptions
        func run() async throws {
            try await DeployTokenCommand.call("PUT", server, confirming: "Refresh the deploy token? The current one stops working.", with: confirmation)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the deploy token.")
        @OptionGroup var confirmation: Confirmation
        @OptionGroup var server: ServerOptions
        func run() async throws {
            try await DeployTokenCommand.call("DELETE", server, confirming: "Delete the deploy token? CI using it can no longer deploy.", with: confirmation)
        }
    }
}
