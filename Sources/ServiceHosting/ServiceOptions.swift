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

    @Option(help: ArgumentHelp(
        "File holding the shared service token every service requires, loopback included.",
        discussion: "Without it, the token is <state-dir>/service-token, created (0600) by the first service that starts, so services that share a state folder share it."))
    public var serviceTokenFile: String?

    public init() {}

    public func validate() throws {
        if let serviceTokenFile {
            do { _ = try ServiceTokenFile.read(serviceTokenFile) } catch { throw ValidationError(error.description) }
        }
    }

    /// The shared service token: from `--service-token-file`, else from the state folder's
    /// `service-token`, which is created when missing.
    public func serviceToken() throws -> String {
        if let serviceTokenFile { return try ServiceTokenFile.read(serviceTokenFile) }
        return try ServiceTokenFile.readOrCreate(try makeStateDirectory().appendingPathComponent(ServiceTokenFile.defaultName).path)
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
