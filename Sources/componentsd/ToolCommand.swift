import ArgumentParser
import ConfigService
import Foundation
import ServiceHosting

/// `componentsd tool create NAME`: administration of tools, on the config service's state.
struct ToolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool", abstract: "Manage tools.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tool and print its token (shown once; only its hash is stored).")

        @Argument(help: "Tool name: a DNS label (a-z, 0-9, '-', at most 63).") var name: String
        @OptionGroup var options: ServiceOptions

        func validate() throws {
            do { try ToolName.validate(name) } catch { throw ValidationError(error.message) }
        }

        func run() async throws {
            let store = try ConfigStore(path: try options.makeStateDirectory().appendingPathComponent("config.sqlite").path)
            print(try store.createTool(name: name))
        }
    }
}
