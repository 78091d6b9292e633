import Logging
import NIOCore
import NIOPosix
import Protocol

/// The service token test servers require unless a test gives its own; test clients present it.
public let testServiceToken = "test-service-token"

/// An RPC server on a free loopback port for the duration of `body`; always closed after.
public func withTestRPCServer<T>(
    serviceName: String = "test",
    serviceToken: String = testServiceToken,
    maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize,
    maximumCallsInFlight: Int = 4096,
    router: RPCRouter,
    _ body: (RPCServer) async throws -> T
) async throws -> T {
    let server = try await RPCServer.start(
        configuration: RPCServerConfiguration(
            address: ServiceAddress(host: "127.0.0.1", port: 0),
            serviceName: serviceName,
            serviceToken: serviceToken,
            maximumFrameSize: maximumFrameSize,
            maximumCallsInFlight: maximumCallsInFlight),
        router: router,
        logger: Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() }))
    do {
        let result = try await body(server)
        server.close()
        return result
    } catch {
        server.close()
        throw error
    }
}

/// A logger that drops everything, for tests (tests never bootstrap logging).
public let silentLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
