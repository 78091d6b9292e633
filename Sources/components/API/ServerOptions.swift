import ArgumentParser
import Foundation
import ToolConfig

/// Where the components API is and who we are: `--url`/`--token`/`--tool`, else
/// `COMPONENTS_URL`/`COMPONENTS_TOKEN`/`COMPONENTS_TOOL`, else `~/.config/components/config.yaml`
/// (written by `componentsd all`). The tool defaults to the one the token belongs to.
struct ServerOptions: ParsableArguments {
    @Option(help: "The components API, like http://127.0.0.1:8000.") var url: String?
    @Option(help: "A tool token (or a deploy token for deployments).") var token: String?
    @Option(help: "The tool; defaults to the token's tool.") var tool: String?
    @Flag(help: "Print the API's whole answer as JSON (upstream's CLI does the same).") var json = false
    @Flag(name: .shortAndLong, help: "Tell each request and its status on standard error.") var verbose = false
    @Flag(name: .shortAndLong, help: "Like --verbose, with the bodies (the token is never shown).") var debug = false

    /// The file `componentsd all` writes.
    static var configFile: URL {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/components/config.yaml")
    }

    /// The resolved server, token and tool.
    func endpoint() throws -> APIClient {
        let environment = ProcessInfo.processInfo.environment
        let file = Self.readConfigFile()
        guard let url = url ?? environment["COMPONENTS_URL"] ?? file["url"] else {
            throw CLIError.usage("no server: pass --url, set COMPONENTS_URL, or run `componentsd all` which writes \(Self.configFile.path)")
        }
        let explicitToken = token ?? environment["COMPONENTS_TOKEN"]
        guard let token = explicitToken ?? file["token"] else {
            throw CLIError.usage("no token: pass --token, set COMPONENTS_TOKEN, or run `componentsd all` which writes \(Self.configFile.path)")
        }
        let toolFromToken = token.split(separator: "_", maxSplits: 2).dropFirst().first.map(String.init)
        // A token given on the command line or in the environment brings its own tool.
        let tokenTool = explicitToken != nil ? toolFromToken : file["tool"] ?? toolFromToken
        guard let tool = tool ?? environment["COMPONENTS_TOOL"] ?? tokenTool else {
            throw CLIError.usage("no tool: pass --tool or set COMPONENTS_TOOL")
        }
        return APIClient(baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token, tool: tool,
                         verbosity: Verbosity(verbose: verbose, debug: debug, environment: environment))
    }

    static func readConfigFile() -> [String: String] {
        guard let text = try? String(contentsOf: configFile, encoding: .utf8),
              let document = try? YAMLParser.parse(text), let entries = document.root.mappingEntries else { return [:] }
        var values: [String: String] = [:]
        for entry in entries {
            if let key = entry.key.scalar?.value, let value = entry.value.scalar?.value { values[key] = value }
        }
        return values
    }
}

/// Errors the CLI reports in one line; usage errors exit 2, others 1.
enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case failure(String)

    var description: String {
        switch self {
        case .usage(let message), .failure(let message): message
        }
    }
}
