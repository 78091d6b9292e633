import ArgumentParser
import ComponentsAPI
import Foundation
import ToolConfig

/// `components config create FILE`: validate and store a config on the server.
struct ConfigCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Store a tool config on the server (a new version only when it changed).",
        discussion: """
            A config with source_url (upstream's rule) is a pointer: the server fetches the \
            document at that URL now and again at every deployment, and stores what it fetched; \
            everything else in FILE is ignored. The URL must be https on a public host unless \
            the server allows more (--allow-private-repositories, --allow-insecure-repositories); \
            redirects are not followed, and the document must arrive within 10 s and 1 MiB.
            """)
    @Argument(help: "The config file (YAML or JSON), or - for standard input.") var file: String
    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await runReportingErrors {
            let api = try server.endpoint()
            let bytes = file == "-" ? [UInt8](FileHandle.standardInput.readDataToEndOfFile()) : try readFile(file)
            let answer = try await api.send("POST", api.toolPath("config"), body: bytes, contentType: "application/yaml", as: ToolConfigJSON.self)
            let source = file == "-" ? "<stdin>" : file
            for warning in answer.warnings { FileHandle.standardError.write(Data("\(source): warning: \(warning)\n".utf8)) }
            if server.json { printJSON(answer.envelope); return }
            let version = answer.data.version
            let changed = answer.data.changed ?? true
            if case .string(let url)? = answer.data.config["source-url"] {
                print("fetched from \(url) (fetched again at every deployment)")
            }
            print(changed ? "stored config version \(version) of \(api.tool)" : "unchanged: config version \(version) of \(api.tool) is the same")
        }
    }
}

/// `components config show [--version N]`.
struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the stored config (the latest version by default).")
    @Option(help: "A stored version.") var version: Int?
    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await runReportingErrors {
            let api = try server.endpoint()
            let answer = try await api.send("GET", api.toolPath("config") + (version.map { "?version=\($0)" } ?? ""), as: ToolConfigJSON.self)
            if server.json { printJSON(answer.envelope); return }
            print(answer.data.source, terminator: "")
            // The addresses go to standard error, so `config show > FILE` keeps the document as it is.
            for (component, url) in (answer.data.urls ?? [:]).sorted(by: { $0.key < $1.key }) {
                FileHandle.standardError.write(Data("\(component) is published at \(url)\n".utf8))
            }
        }
    }
}

/// `components config diff FILE`: what storing FILE would change.
struct ConfigDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show which components FILE adds, removes or changes against the stored config.",
        discussion: "Exit status: 0 when there is no difference, 1 when there is one or on errors.")
    @Argument(help: "The config file.") var file: String
    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await runReportingErrors {
            let api = try server.endpoint()
            var options = ValidationOptions.acceptedConfig
            options.fetchesSourceURL = true
            let local = ToolConfigParser.parse(bytes: try readFile(file), options: options)
            guard let mine = local.config else {
                throw CLIError.failure("\(file) is not valid: " + local.errors.map { "\($0)" }.joined(separator: "; "))
            }
            if let url = mine.sourceURL {
                throw CLIError.failure("\(file) names source_url \(url): the server stores the document it fetches from there, which this command does not fetch; `components config show` prints what is stored")
            }
            let answer = try await api.send("GET", api.toolPath("config"), as: ToolConfigJSON.self)
            guard let theirs = ToolConfigParser.parse(answer.data.source, options: .acceptedConfig).config else {
                throw CLIError.failure("the stored config does not parse any more")
            }
            let changes = ConfigDiff.changes(from: theirs, to: mine)
            if server.json { printJSON(changes.map { ConfigDiff.Change(component: $0.component, change: $0.change) }) }
            else if changes.isEmpty { print("no difference: \(file) is what is stored") }
            else { changes.forEach { print("\($0.change == "added" ? "+" : $0.change == "removed" ? "-" : "~") \($0.component): \($0.change)") } }
            if !changes.isEmpty { throw ExitCode(1) }
        }
    }
}

/// `components config delete`.
struct ConfigDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the stored config; its versions (env values included) stay in the history unless --purge.")
    @Flag(help: "Erase every stored version of the config, env values included, instead of keeping them in the history.")
    var purge = false
    @OptionGroup var confirmation: Confirmation
    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await runReportingErrors {
            let api = try server.endpoint()
            try confirmation.confirm(purge
                ? "Erase every version of the config of \(api.tool), env values included?"
                : "Delete the config of \(api.tool)?")
            let answer = try await api.send("DELETE", api.toolPath("config") + (purge ? "?purge=true" : ""), as: ToolConfigJSON.self)
            if server.json { printJSON(answer.envelope); return }
            if purge {
                print("erased every version of the config of \(api.tool), env values included")
            } else {
                print("deleted the config of \(api.tool); its versions, env values included, stay in the history (erase them with --purge)")
            }
        }
    }
}

/// Component-level differences between two configs.
enum ConfigDiff {
    /// One line of `config diff --json`: `{"component", "change"}`.
    struct Change: Encodable {
        var component: String
        var change: String
    }

    static func changes(from old: ToolConfiguration, to new: ToolConfiguration) -> [(component: String, change: String)] {
        let names = Set(old.components.keys).union(new.components.keys).sorted()
        return names.compactMap { name in
            switch (old.components[name], new.components[name]) {
            case (nil, _?): return (name, "added")
            case (_?, nil): return (name, "removed")
            case let (a?, b?) where a.normalized() != b.normalized(): return (name, describe(a, b))
            default: return nil
            }
        }
    }

    private static func describe(_ a: Component, _ b: Component) -> String {
        var parts: [String] = []
        if a.type != b.type { parts.append("type") }
        if a.build.normalized() != b.build.normalized() { parts.append("build") }
        if a.run.normalized() != b.run.normalized() { parts.append("run") }
        if a.waitFor.sorted() != b.waitFor.sorted() { parts.append("wait-for") }
        if a.description != b.description { parts.append("description") }
        return "changed " + parts.joined(separator: ", ")
    }
}

/// The bytes of FILE, or a usage error naming it.
func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError.usage("cannot read \(path): no such file or not readable")
    }
    return [UInt8](data)
}
