import ArgumentParser
import Foundation
import Logging
import Protocol

/// Options every service command shares.
struct ServiceOptions: ParsableArguments {
    @Option(help: "Folder for the service's state (SQLite files, images, logs).")
    var stateDir: String = ".components-state"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "File holding the shared service token; required when a service listens beyond loopback.")
    var serviceTokenFile: String?

    func validate() throws {
        if let serviceTokenFile, (try? serviceToken()) == nil {
            throw ValidationError("cannot read the service token file \(serviceTokenFile)")
        }
    }

    /// The token from `--service-token-file`, trimmed; nil without the option.
    func serviceToken() throws -> String? {
        guard let serviceTokenFile else { return nil }
        let token = try String(contentsOfFile: serviceTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ValidationError("the service token file \(serviceTokenFile) is empty") }
        return token
    }

    /// Sends logs to standard error at the chosen level and returns a logger for `label`.
    func bootstrapLogging(label: String) -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { name in
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }

    /// Creates the state folder.
    func makeStateDirectory(_ subfolder: String? = nil) throws -> URL {
        var url = URL(fileURLWithPath: stateDir, isDirectory: true)
        if let subfolder { url.appendPathComponent(subfolder, isDirectory: true) }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension ServiceAddress: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// Prints the bound address on standard output, one line per listener, so scripts and
/// tests that chose port 0 learn the port.
func announce(_ service: String, _ address: ServiceAddress) {
    FileHandle.standardOutput.write(Data("componentsd: \(service) listening on \(address)\n".utf8))
}
