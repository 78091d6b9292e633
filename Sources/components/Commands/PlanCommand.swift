import ArgumentParser
import Foundation
import PlannerService
import ToolConfig

/// `components plan FILE [--state STATE.json] [--force-build] [--force-run] [--json]`: the
/// deployment plan of a config, computed offline by the same planner the server uses.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what deploying a tool config would build, run and stop, without a server.",
        discussion: """
            Works offline. Without --state every component is new. Refs are not resolved: a \
            repository ref is taken to be at the commit that STATE records for the components \
            building from it (when they all agree); otherwise its image is planned to be built.

            STATE.json is a JSON array with one object per deployed component, as the executor \
            records it. Only "component" is required; a missing field counts as changed:

              [{"component": "toolhunt-api", "component_type": "continuous",
                "image_id": "img-1", "repository": "https://github.com/wikimedia/toolhunt",
                "commit": "0123456789abcdef0123456789abcdef01234567",
                "build_settings_hash": "fnv1a64:...", "run_spec_hash": "fnv1a64:...",
                "health": "healthy", "last_result": "none", "scheduled": false,
                "wait_for": ["toolhunt-migratedb"]}]

            health is healthy, unhealthy or unknown; last_result is succeeded, failed or none; \
            component_type is continuous, scheduled or one-off. Components in STATE but not in \
            FILE are stopped.

            Exit status: 0 when the plan is printed, 1 when the config is invalid or cannot be \
            planned (for example a wait-for cycle), 2 when FILE or STATE cannot be read.
            """
    )

    @Argument(help: "The config file (YAML or JSON); - reads standard input.")
    var file: String

    @Option(help: ArgumentHelp("What runs now: a JSON array of component states (see below).", valueName: "STATE.json"))
    var state: String?

    @Flag(help: "Build every image, even when one for the same source exists.")
    var forceBuild = false

    @Flag(help: "Restart every component, even those up to date.")
    var forceRun = false

    @Flag(help: "Print the plan as JSON (steps, levels, critical_path_length).")
    var json = false

    @Flag(help: "Accept file:// repositories, as `componentsd all` does.")
    var allowLocalRepositories = false

    @Flag(help: "Accept repositories on loopback, private and link-local hosts, as services started with --allow-private-repositories do.")
    var allowPrivateRepositories = false

    @Flag(help: "Accept http:// and git:// repositories, as services started with --allow-insecure-repositories do.")
    var allowInsecureRepositories = false

    func run() async throws {
        // NOTE: written against ToolConfig's ToolConfigParser/ValidationResult/ConfigViolation and
        // ValidateCommand.read(_:limit:) as they stood when this command was written.
        let options = ValidationOptions(allowLocalRepositories: allowLocalRepositories, allowPrivateRepositories: allowPrivateRepositories,
                                        allowInsecureRepositories: allowInsecureRepositories)
        let name = file == "-" ? "<stdin>" : file
        let bytes: [UInt8]
        do {
            bytes = try ValidateCommand.read(file, limit: options.limits.maxDocumentBytes)
        } catch let failure as ValidateCommand.ReadFailure {
            throw Self.failure(failure.message, status: 2)
        }
        let result = ToolConfigParser.parse(bytes: bytes, options: options)
        for warning in result.warnings { Self.printError("\(name):\(warning.line):\(warning.column): warning: \(Self.subject(warning))") }
        guard let config = result.config, result.isValid else {
            for error in result.errors { Self.printError("\(name):\(error.line):\(error.column): error: \(Self.subject(error))") }
            throw Self.failure("\(name) is not a valid config; nothing was planned", status: 1)
        }

        let current = try state.map { try Self.loadState($0) } ?? []
        switch Self.plan(config, current: current, forceBuild: forceBuild, forceRun: forceRun) {
        case let .success(plan):
            print(json ? PlanJSONRenderer.render(plan) : PlanTextRenderer.render(plan), terminator: "")
        case let .failure(error):
            throw Self.failure(error.message, status: 1)
        }
    }

    /// The plan of `config` against `current`, with refs resolved offline.
    static func plan(_ config: ToolConfiguration, current: [ComponentState], forceBuild: Bool,
                     forceRun: Bool) -> Result<Plan, PlannerError> {
        Result { () throws(PlannerError) -> Plan in
            let input = try PlanInput(config: config, current: current,
                                      resolvedCommits: offlineCommits(config: config, current: current),
                                      forceBuild: forceBuild, forceRun: forceRun)
            return try Planner.plan(input)
        }
    }

    /// Offline, refs cannot be resolved: take each (repository, ref) to be at the commit the
    /// state records for the components building from it, when they agree.
    static func offlineCommits(config: ToolConfiguration, current: [ComponentState]) -> [ResolvedCommit] {
        var recorded: [String: ComponentState] = [:]
        for record in current { recorded[record.component] = record }
        struct Source: Hashable { var repository: String; var ref: String? }
        var commits: [Source: Set<String>] = [:]
        for (name, component) in config.components {
            guard component.build.reuseFrom == nil, let repository = component.build.repository else { continue }
            let source = Source(repository: repository, ref: component.build.ref)
            if let record = recorded[name], record.repository == repository, let commit = record.commit {
                commits[source, default: []].insert(commit)
            } else {
                commits[source, default: []].insert("") // unknown: not resolvable offline
            }
        }
        return commits.compactMap { source, found in
            guard found.count == 1, let commit = found.first, !commit.isEmpty else { return nil }
            return ResolvedCommit(repository: source.repository, ref: source.ref, commit: commit)
        }.sorted { ($0.repository, $0.ref ?? "") < ($1.repository, $1.ref ?? "") }
    }

    /// Reads STATE.json; when it cannot be used, says why and fails with status 2.
    static func loadState(_ path: String) throws -> [ComponentState] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure("\(path): cannot be read; check the path", status: 2)
        }
        do {
            return try JSONDecoder().decode([ComponentState].self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw failure("\(path): not valid JSON: \(context.debugDescription)", status: 2)
        } catch let DecodingError.keyNotFound(key, context) {
            throw failure("\(path): \(Self.where(context.codingPath)) has no \"\(key.stringValue)\"", status: 2)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw failure("\(path): \(Self.where(context.codingPath)): \(context.debugDescription)", status: 2)
        } catch {
            throw failure("\(path): \(error)", status: 2)
        }
    }

    private static func `where`(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the document" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    private static func subject(_ violation: ConfigViolation) -> String {
        violation.path.isEmpty ? violation.message : "\(violation.path): \(violation.message)"
    }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints `error: MESSAGE` and returns the exit status to throw.
    private static func failure(_ message: String, status: Int32) -> ExitCode {
        printError("error: " + message)
        return ExitCode(status)
    }
}
