import ComponentsTesting
import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import Logging
import Protocol
import Testing

/// The gateway in front of fake services on real loopback RPC servers.
struct GatewayHarness: Sendable {
    let client: any TestClientProtocol
    let metrics: GatewayMetrics
    let createdDeployments: Recorder<Wire.CreateDeploymentRequest>
    let rollbacks: Recorder<Wire.RollbackDeploymentRequest>
    let putSources: Recorder<String>

    /// Runs `body` against the gateway (its router, or a live server on a free port with
    /// `setup: .live`) in front of fake config, planner and executor services called in
    /// process, with no sockets; with `executorAddress`, the executor is a real RPC server
    /// there.
    static func run(
        executorAddress: ServiceAddress? = nil,
        maximumBodySize: Int = 1 << 20,
        logger: Logger = silentLogger,
        setup: TestingSetup = .router,
        trustedFront: TrustedFront? = nil,
        _ body: @Sendable (GatewayHarness) async throws -> Void
    ) async throws {
        let created = Recorder<Wire.CreateDeploymentRequest>()
        let rollbacks = Recorder<Wire.RollbackDeploymentRequest>()
        let putSources = Recorder<String>()
        var configuration = GatewayConfiguration(
            httpAddress: ServiceAddress(host: "127.0.0.1", port: 0),
            configService: ServiceAddress(host: "127.0.0.1", port: 1), plannerService: ServiceAddress(host: "127.0.0.1", port: 1),
            executorService: executorAddress ?? ServiceAddress(host: "127.0.0.1", port: 1), serviceToken: testServiceToken)
        configuration.maximumBodySize = maximumBodySize
        configuration.trustedFront = trustedFront
        let executor: any RPCCaller = executorAddress.map {
            RPCClient(configuration: .init(address: $0, serviceName: "executor", serviceToken: testServiceToken), logger: silentLogger)
        } ?? InProcessCaller(serviceName: "executor", router: FakeExecutorService.router(created: created, rollbacks: rollbacks), logger: silentLogger)
        let backends = BackendClients(
            config: InProcessCaller(serviceName: "config", router: FakeConfigService.router(putSources: putSources), logger: silentLogger),
            planner: InProcessCaller(serviceName: "planner", router: RPCRouter(), logger: silentLogger),
            executor: executor)
        defer { backends.close() }
        let metrics = GatewayMetrics()
        let app = try GatewayApplication.make(configuration: configuration, backends: backends, logger: logger, metrics: metrics)
        try await app.test(setup) { client in
            try await body(GatewayHarness(client: client, metrics: metrics, createdDeployments: created, rollbacks: rollbacks, putSources: putSources))
        }
    }

    /// Sends a request and answers the status and the body parsed as a JSON object.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String? = FakeConfigService.alphaToken,
        body: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return (response.status, try #require(object, "the body is not a JSON object: \(String(buffer: response.body))"))
    }

    /// The raw response.
    func raw(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `messages.<kind>` of an envelope.
    func messages(_ kind: String) -> [String] {
        ((self["messages"] as? [String: Any])?[kind] as? [String]) ?? []
    }

    /// `data` as an object.
    var data: [String: Any]? { self["data"] as? [String: Any] }

    /// True when `data` is JSON `null`.
    var dataIsNull: Bool { self["data"] is NSNull }
}
