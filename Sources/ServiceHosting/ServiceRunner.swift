import Foundation
import Logging
import Protocol
import ServiceLifecycle

/// Runs services in one `ServiceGroup`, which owns SIGTERM/SIGINT and graceful shutdown.
public enum ServiceRunner {
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}

/// Runs `action` when the group shuts down gracefully.
public struct ShutdownHook: Service {
    let action: @Sendable () async -> Void

    public init(_ action: @escaping @Sendable () async -> Void) {
        self.action = action
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await action()
    }
}

/// Prints the bound address on standard output, one line per listener, so scripts and
/// tests that chose port 0 learn the port.
public func announce(_ service: String, _ address: ServiceAddress) {
    FileHandle.standardOutput.write(Data("componentsd: \(service) listening on \(address)\n".utf8))
}

/// The release of this build.
public enum ComponentsdVersion {
    public static let current = "0.1.0"
}
