import ComponentsAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The gateway's answers read into the API types the CLI decodes, and written back to the
/// same bytes: a key renamed, added or dropped on either side fails here.
@Suite struct SharedAPITypesTests {
    @Test func deploymentAnswersAreTheSharedTypes() async throws {
        try await GatewayHarness.run { gateway in
            let id = FakeExecutorService.deployID
            let created = try await gateway.expectSame(.post, "/v1/tool/alpha/deployment", as: DeploymentJSON.self)
            #expect(created?.plan?.steps.count == 3)
            #expect(created?.builds["api"]?.startTime == nil)
            try await gateway.expectSame(.post, "/v1/tool/alpha/deployment", body: #"{"only_plan": true}"#, as: DeploymentJSON.self)
            let list = try await gateway.expectSame(.get, "/v1/tool/alpha/deployment", as: DeploymentListJSON.self)
            #expect(list?.deployments.count == 1)
            let latest = try await gateway.expectSame(.get, "/v1/tool/alpha/deployment/latest", as: DeploymentJSON.self)
            #expect(latest?.toolConfig?.objectMembers?["config-version"] == .string("v0.1"))
            try await gateway.expectSame(.get, "/v1/tool/alpha/deployment/\(id)", token: FakeConfigService.alphaDeployToken, as: DeploymentJSON.self)
            let cancelled = try await gateway.expectSame(.put, "/v1/tool/alpha/deployment/\(id)/cancel", as: DeploymentJSON.self)
            #expect(cancelled?.status == .cancelling)
            let deleted = try await gateway.expectSame(.delete, "/v1/tool/alpha/deployment/\(id)", as: DeploymentJSON.self)
            #expect(deleted?.planFidelity == PlanFidelityJSON(ok: true, violations: []))
            let logs = try await gateway.expectSame(.get, "/v1/tool/alpha/deployment/\(id)/logs?component=api&source=build&tail=5", as: LogsJSON.self)
            #expect(logs?.lines.first == "api build line 1" && logs?.nextOffset == 42)
        }
    }

    @Test func configTokenAndImageAnswersAreTheSharedTypes() async throws {
        try await GatewayHarness.run { gateway in
            let stored = try await gateway.expectSame(.get, "/v1/tool/alpha/config", as: ToolConfigJSON.self)
            #expect(stored?.config["config-version"] == .string("v0.1") && stored?.changed == nil)
            let put = try await gateway.expectSame(.post, "/v1/tool/alpha/config", body: "config-version: v0.1\n", as: ToolConfigJSON.self)
            #expect(put?.changed == true)
            let deleted = try await gateway.expectSame(.delete, "/v1/tool/alpha/config", as: ToolConfigJSON.self)
            #expect(deleted?.deletedVersions == 1)
            let valid = try await gateway.expectSame(.post, "/v1/tool/alpha/config/validate", body: "prot: tcp\n", as: ConfigValidationJSON.self)
            #expect(valid?.warnings.first?.path == "components.api.run.prot")
            let created = try await gateway.expectSame(.post, "/v1/tool/alpha/deployment/token", as: DeployTokenJSON.self)
            #expect(created?.token == "dep-new")
            try await gateway.expectSame(.put, "/v1/tool/alpha/deployment/token", as: DeployTokenJSON.self)
            let shown = try await gateway.expectSame(.get, "/v1/tool/alpha/deployment/token", as: DeployTokenJSON.self)
            #expect(shown?.token == nil && shown?.creationDate == "2026-01-01T12:00:00.000Z")
            let gone = try await gateway.expectSame(.delete, "/v1/tool/alpha/deployment/token", as: DeployTokenJSON.self)
            #expect(gone?.creationDate == nil)
            let images = try await gateway.expectSame(.get, "/v1/images?include_deprecated=true", as: ImageListJSON.self)
            #expect(images?.images.map(\.name) == ["python3.13", "python3.9"])
            let health = try await gateway.expectSame(.get, "/v1/healthz", token: nil, as: HealthJSON.self, status: nil)
            #expect(health?.services.isEmpty == false)
        }
    }

    @Test func errorAnswersAreTheSharedEnvelope() async throws {
        try await GatewayHarness.run { gateway in
            let invalid = try await gateway.expectError(.post, "/v1/tool/alpha/config", body: "port: 70000\n", status: .badRequest)
            #expect(invalid.violations?.count == 2)
            #expect(invalid.messages.error.first == "the config has 2 errors; nothing was stored")
            let notValid = try await gateway.expectError(.post, "/v1/tool/alpha/config/validate", body: "port: 70000\n", status: .badRequest)
            #expect(notValid.violations?.first?.line == 6)
            let missing = try await gateway.expectError(.get, "/v1/tool/alpha/deployment/nope", status: .notFound)
            #expect(missing.violations == nil)
            try await gateway.expectError(.get, "/v1/tool/alpha/config", token: nil, status: .unauthorized)
            try await gateway.expectError(.post, "/v1/tool/alpha/deployment?force-build=maybe", status: .badRequest)
        }
    }

    @Test func theCLIsDeploymentRequestReachesTheExecutor() async throws {
        try await GatewayHarness.run { gateway in
            let request = DeploymentRequestJSON(forceBuild: true, forceRun: false, onlyPlan: true, description: "from the CLI")
            let body = String(decoding: try APIEncoding.encoder().encode(request), as: UTF8.self)
            try await gateway.expectSame(.post, "/v1/tool/alpha/deployment", body: body, as: DeploymentJSON.self)
            let asked = try #require(gateway.createdDeployments.all.first)
            #expect(asked.forceBuild && !asked.forceRun && asked.onlyPlan && asked.description == "from the CLI")
        }
    }
}

extension GatewayHarness {
    /// Sends a request, expects `status` (any when nil), reads the answer as
    /// `APIResponse<T>`, and expects it to write back to the bytes the gateway sent.
    @discardableResult
    func expectSame<T: Codable & Sendable & Equatable>(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, token: String? = FakeConfigService.alphaToken,
        as: T.Type, status: HTTPResponse.Status? = .ok, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> T? {
        let bytes = try await answer(method, uri, body: body, token: token, status: status, sourceLocation: sourceLocation)
        let envelope = try JSONDecoder().decode(APIResponse<T>.self, from: bytes)
        #expect(envelope.data != nil, "no data in \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        let written = try APIEncoding.encoder().encode(envelope)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: bytes, as: UTF8.self), sourceLocation: sourceLocation)
        return envelope.data
    }

    /// Like ``expectSame(_:_:body:token:as:status:sourceLocation:)`` for an error envelope
    /// (`data: null`).
    @discardableResult
    func expectError(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, token: String? = FakeConfigService.alphaToken,
        status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> APIResponse<NoData> {
        let bytes = try await answer(method, uri, body: body, token: token, status: status, sourceLocation: sourceLocation)
        let envelope = try JSONDecoder().decode(APIResponse<NoData>.self, from: bytes)
        #expect(envelope.data == nil, sourceLocation: sourceLocation)
        #expect(!envelope.messages.error.isEmpty, sourceLocation: sourceLocation)
        let written = try APIEncoding.encoder().encode(envelope)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: bytes, as: UTF8.self), sourceLocation: sourceLocation)
        return envelope
    }

    private func answer(
        _ method: HTTPRequest.Method, _ uri: String, body: String?, token: String?, status: HTTPResponse.Status?, sourceLocation: SourceLocation
    ) async throws -> Data {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        if let status { #expect(response.status == status, "\(method) \(uri)", sourceLocation: sourceLocation) }
        return Data(buffer: response.body)
    }
}
