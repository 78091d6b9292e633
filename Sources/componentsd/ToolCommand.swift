import ArgumentParser
import ConfigService
import Foundation
import ServiceHosting

/// `componentsd tool create|rotate-token|delete NAME`: administration of tools, on the
/// config service's state.
struct ToolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool", abstract: "Manage tools.", subcommands: [Create.self, RotateToken.self, Delete.self])

    /// The config service's store under `--state-dir`.
    static func store(_ options: ServiceOptions) throws -> ConfigStore {
        try ConfigStore(path: try options.makeStateDirectory().appendingPathComponent("config.sqlite").path)
    }

    /// The tool name argument, checked as a DNS label.
    struct Name: ParsableArguments {
        @Argument(help: "Tool name: a DNS label (a-z, 0-9, '-', at most 63).") var name: String

        func validate() throws {
            do { try ToolName.validate(name) } catch { throw ValidationError(error.message) }
        }
    }

    struct RotateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-token",
            abstract: "Give a tool a new token and print it (shown once); the old token stops working at once.")

        @OptionGroup var tool: Name
        @OptionGroup var options: ServiceOptions

        func run() async throws {
            print(try ToolCommand.store(options).rotateToolToken(name: tool.name))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tool: its token, its deploy token and every stored version of its config, secrets included.",
            discussion: "Components it runs are not stopped by this command: deploy a config without them first, or stop the executor's processes.")

        @OptionGroup var tool: Name
        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let versions = try ToolCommand.store(options).deleteTool(name: tool.name)
            print("deleted the tool \(tool.name), its tokens and \(versions) config version\(versions == 1 ? "" : "s")")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tool and print its token (shown once; only its hash is stored).")

        @OptionGroup var tool: Name
        @OptionGroup var options: ServiceOptions

        func run() async throws {
            print(try ToolCommand.store(options).createTool(name: tool.name))
        }
    }
}
