import Logging
import NIOCore
import NIOPosix
import Protocol

/// The benchmark payload as a wire message: the bytes themselves, with no protobuf
/// encoding, so our RPC and gRPC (with its raw-bytes serializer) carry exactly the same bytes
/// and the comparison is of the RPC runtimes, not of two message codecs.
struct EchoPayload: WireMessage {
    var bytes: [UInt8]

    init() { bytes = [] }
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(protobufBytes: [UInt8]) throws(RPCError) { bytes = protobufBytes }
    func protobufBytes() -> [UInt8] { bytes }
}

/// Our RPC on loopback: an `RPCServer` with one echo method and an `RPCClient` calling it.
struct ComponentsEcho: Sendable {
    static let method = RPCMethod<EchoPayload, EchoPayload>(name: "bench.v1.Echo")
    /// The same echo registered with `placement: .eventLoop`, as the services register
    /// handlers that never block (health, metrics, the planner).
    static let loopMethod = RPCMethod<EchoPayload, EchoPayload>(name: "bench.v1.EchoOnLoop")

    let server: RPCServer
    let client: RPCClient
    let payload: EchoPayload

    static func start(payload: [UInt8], serverGroup: any EventLoopGroup, clientGroup: any EventLoopGroup) async throws -> ComponentsEcho {
        let logger = Logger(label: "rpc-bench", factory: { _ in SwiftLogNoOpLogHandler() })
        var router = RPCRouter()
        router.register(method) { request, _ in request }
        router.register(loopMethod, placement: .eventLoop) { request, _ in request }
        let server = try await RPCServer.start(
            configuration: RPCServerConfiguration(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "bench", serviceToken: "bench-token"),
            router: router, logger: logger, eventLoopGroup: serverGroup)
        let client = RPCClient(
            configuration: RPCClient.Configuration(address: server.localAddress, serviceName: "bench", serviceToken: "bench-token"),
            logger: logger, eventLoopGroup: clientGroup)
        let echo = ComponentsEcho(server: server, client: client, payload: EchoPayload(payload))
        let answer = try await client.call(method, echo.payload)
        guard answer == echo.payload else { throw BenchmarkError("our RPC echoed \(answer.bytes.count) different bytes") }
        return echo
    }

    /// One echo through the handler on the task pool.
    func call() async throws {
        _ = try await client.call(Self.method, payload)
    }

    /// One echo through the handler on the event loop.
    func callOnLoop() async throws {
        _ = try await client.call(Self.loopMethod, payload)
    }

    func stop() {
        client.close()
        server.close()
    }
}
