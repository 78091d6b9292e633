import GRPCCore
import GRPCNIOTransportHTTP2
import NIOPosix

/// grpc-swift-2 on loopback: a unary `bench.Echo/Echo` over the HTTP/2 transport, plaintext,
/// one connection, with a raw-bytes serializer so no generated code is involved.
struct GRPCEcho {
    static let method = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Echo")

    /// Starts a server and a client, calls `body` with the client, then shuts both down.
    static func with<R: Sendable>(
        payload: [UInt8],
        serverGroup: MultiThreadedEventLoopGroup,
        clientGroup: MultiThreadedEventLoopGroup,
        _ body: (GRPCEchoClient) async throws -> R
    ) async throws -> R {
        let serverTransport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0),
            transportSecurity: .plaintext,
            eventLoopGroup: serverGroup)
        return try await withGRPCServer(transport: serverTransport, services: [EchoService()]) { server in
            guard let port = try await server.listeningAddress?.ipv4?.port else {
                throw BenchmarkError("gRPC server has no IPv4 port")
            }
            let clientTransport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: .plaintext,
                eventLoopGroup: clientGroup)
            return try await withGRPCClient(transport: clientTransport) { client in
                let echo = GRPCEchoClient(client: client, payload: payload)
                guard try await echo.exchange() == payload else { throw BenchmarkError("gRPC echoed different bytes") }
                return try await body(echo)
            }
        }
    }
}

/// Calls the echo method with the benchmark payload.
struct GRPCEchoClient: Sendable {
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    let payload: [UInt8]

    func exchange() async throws -> [UInt8] {
        try await client.unary(
            request: ClientRequest(message: payload),
            descriptor: GRPCEcho.method,
            serializer: RawBytesSerializer(),
            deserializer: RawBytesDeserializer(),
            options: .defaults
        ) { response in try response.message }
    }

    func call() async throws {
        _ = try await exchange()
    }
}

/// Answers every request with its own bytes.
struct EchoService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout GRPCCore.RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: GRPCEcho.method,
            deserializer: RawBytesDeserializer(),
            serializer: RawBytesSerializer()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: single.message))
        }
    }
}

/// Messages are the bytes themselves.
struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }
}

/// Messages are the bytes themselves.
struct RawBytesDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}
