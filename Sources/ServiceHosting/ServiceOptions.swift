import ArgumentParser
import Foundation
import Logging
import Protocol

/// Options every service command shares.
public struct ServiceOptions: ParsableArguments, Sendable {
    @Option(help: "Folder for the service's state (SQLite files, images, logs).")
    public var stateDir: String = ".components-state"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    public var logLevel: Logger.Level = .info

    @Option(help: "File holding the shared service token; required when a service listens beyond loopback.")
    public var serviceTokenFile: String?

    public init() {}

    public func validate() throws {
        if let serviceTokenFile, (try? serviceToken()) == nil {
            throw ValidationError("cannot read the service token file \(serviceTokenFile)")
        }
    }

    /// The token from `--service-token-file`, trimmed; nil without the option.
    public func serviceToken() throws -> String? {
        guard let serviceTokenFile else { return nil }
        let token = try String(contentsOfFile: serviceTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ValidationError("the service token file \(serviceTokenFile) is empty") }
        return token
    }

    /// The RPC server settings of service `name` on `address`, with the shared token and the
    /// service's metrics (its own ones when `metrics` is nil).
    public func serverConfiguration(_ address: ServiceAddress, _ name: String, metrics: ServiceMetrics? = nil) throws -> RPCServerConfiguration {
        RPCServerConfiguration(address: address, serviceName: name, serviceToken: try serviceToken(), metrics: metrics ?? ServiceMetrics(service: name))
    }

    /// Sets up a service's process and returns a logger for `label`: every file and folder it
    /// creates from now on (databases, logs, images, tokens) is private to its user (umask
    /// 077), and logs go to standard error at the chosen level.
    public func startProcess(label: String) -> Logger {
        umask(0o077)
        let level = logLevel
        LoggingSystem.bootstrap { name in
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }

    /// Creates the state folder, readable by this user only (0700), also when it existed.
    public func makeStateDirectory(_ subfolder: String? = nil) throws -> URL {
        let root = URL(fileURLWithPath: stateDir, isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root.path)
        guard let subfolder else { return root }
        let url = root.appendingPathComponent(subfolder, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension ServiceAddress: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
