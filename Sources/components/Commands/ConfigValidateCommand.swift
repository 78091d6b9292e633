import ArgumentParser
import Foundation
import ToolConfig

/// `components config ...`: tool configs, offline.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check tool configs offline and manage the stored one.",
        subcommands: [ValidateCommand.self, ConfigCreateCommand.self, ConfigShowCommand.self, ConfigDiffCommand.self, ConfigDeleteCommand.self]
    )
}

/// `components config validate FILE [--json] [--allow-local-repositories]`.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a tool config (YAML or JSON) and report every error and warning.",
        discussion: """
            Works offline: nothing is sent to a server. A config with source_url is checked as \
            the pointer it is: the server fetches the document at that URL at `config create` \
            and at every deployment, and validates it then; this command does not fetch it. \
            Problems are printed like a compiler's, \
            FILE:LINE:COLUMN: error: PATH: MESSAGE, followed by a summary line; --json prints \
            {"valid": bool, "errors": [...], "warnings": [...]} instead.

            Exit status: 0 when the config is valid (warnings allowed), 1 when it has errors, \
            2 for a usage error: FILE missing, unreadable or a directory, or invalid arguments. \
            A missing or unreadable FILE is reported in one line on standard error, also with --json.
            """
    )

    @Argument(help: "The config file to check; - reads standard input.")
    var file: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Flag(help: "Accept file:// repositories, as `componentsd all` and services started with --allow-local-repositories do.")
    var allowLocalRepositories = false

    @Flag(help: "Accept repositories on loopback, private and link-local hosts, as services started with --allow-private-repositories do.")
    var allowPrivateRepositories = false

    @Flag(help: "Accept http:// and git:// repositories, as services started with --allow-insecure-repositories do.")
    var allowInsecureRepositories = false

    func run() async throws {
        let options = ValidationOptions(allowLocalRepositories: allowLocalRepositories, allowPrivateRepositories: allowPrivateRepositories,
                                        allowInsecureRepositories: allowInsecureRepositories, fetchesSourceURL: true)
        let bytes: [UInt8]
        do {
            bytes = try Self.read(file, limit: options.limits.maxDocumentBytes)
        } catch let failure as ReadFailure {
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        }
        var result = ToolConfigParser.parse(bytes: bytes, options: options)
        if let url = result.config?.sourceURL {
            let (line, column) = SourceURLRule.position(in: String(decoding: bytes, as: UTF8.self))
            result.warnings.append(ConfigViolation(path: "source-url", line: line, column: column,
                message: "the config is fetched from \(url) by the server, at `config create` and at every deployment; this offline check does not fetch it"))
        }
        let name = file == "-" ? "<stdin>" : file
        print(json ? Self.jsonReport(result) : Self.humanReport(result, fileName: name), terminator: "")
        if !result.isValid { throw ExitCode(1) }
    }

    /// Compiler-style lines in document order (errors before warnings at one position), then
    /// a summary.
    static func humanReport(_ result: ValidationResult, fileName: String) -> String {
        let tagged = result.errors.map { ("error", $0) } + result.warnings.map { ("warning", $0) }
        let ordered = tagged.enumerated().sorted {
            ($0.element.1.line, $0.element.1.column, $0.offset) < ($1.element.1.line, $1.element.1.column, $1.offset)
        }.map(\.element)
        var output = ""
        for (severity, violation) in ordered {
            let location = "\(fileName):\(violation.line):\(violation.column)"
            let subject = violation.path.isEmpty ? "" : "\(violation.path): "
            output += "\(location): \(severity): \(subject)\(violation.message)\n"
        }
        let warnings = plural(result.warnings.count, "warning")
        if let config = result.config, result.isValid {
            output += "\(fileName): valid: \(plural(config.components.count, "component")), \(warnings)\n"
        } else {
            output += "\(fileName): invalid: \(plural(result.errors.count, "error")), \(warnings)\n"
        }
        return output
    }

    /// `{"valid": ..., "errors": [...], "warnings": [...]}` with stable key order.
    static func jsonReport(_ result: ValidationResult) -> String {
        struct Report: Encodable {
            var valid: Bool
            var errors: [ConfigViolation]
            var warnings: [ConfigViolation]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let report = Report(valid: result.isValid, errors: result.errors, warnings: result.warnings)
        guard let data = try? encoder.encode(report) else { return "{\"valid\": false}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// Why a file could not be read, as one line.
    struct ReadFailure: Error {
        var message: String
    }

    /// Reads the file (or standard input), refusing directories and, without reading them,
    /// files larger than the validation limit allows (those are reported as invalid).
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        if path == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadFailure(message: "\(path): no such file; check the path")
        }
        if isDirectory.boolValue {
            throw ReadFailure(message: "\(path) is a directory; pass the config file inside it")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
            // Read only one byte more than the limit: validation reports the size as an error.
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ReadFailure(message: "\(path): cannot be read; check its permissions")
            }
            defer { try? handle.close() }
            return [UInt8](handle.readData(ofLength: limit + 1))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadFailure(message: "\(path): cannot be read; check its permissions")
        }
        return [UInt8](data)
    }
}
