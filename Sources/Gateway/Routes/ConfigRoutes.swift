import ComponentsAPI
import Foundation
import Hummingbird
import Protocol

extension APIRoutes {
    /// `config` (GET latest or `?version=N`, POST, DELETE) and `config/validate` (POST).
    /// POST bodies are the config document itself, YAML or JSON, as `components config
    /// create FILE` sends it and as a Toolforge script posts its JSON config.
    func addConfigRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("config") { request, context in
            let tool = try context.tool
            let version = try request.unsignedInteger("version", as: UInt32.self) ?? 0
            let stored = try await latestConfig(tool: tool, version: version)
            if dialect == .toolforge { return try JSONResponse.data(try upstreamConfig(stored)) }
            var json = ToolConfigJSON(stored)
            if let address = configuration.toolAddress {
                json.urls = PublishedAddresses.urls(config: .object(json.config), tool: tool, address: address)
            }
            return try JSONResponse.data(json)
        }
        group.post("config") { request, context in
            let tool = try context.tool
            let source = try await configSource(request)
            let answer = try await backends.config.send(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: tool, source: source))
            guard let stored = answer.config else { throw missing("config", from: "config") }
            let info = answer.changed
                ? "Configuration for \(tool) stored as version \(stored.version)."
                : "Configuration for \(tool) is unchanged; it stays version \(stored.version)."
            let fetched = answer.document.map { [Self.fetchedSentence($0)] } ?? []
            let messages = APIMessages(info: fetched + [info], warning: answer.warnings.map { ViolationJSON($0).sentence })
            if dialect == .toolforge { return try JSONResponse.data(try upstreamConfig(stored), messages: messages) }
            return try JSONResponse.data(ToolConfigJSON(stored, changed: answer.changed), messages: messages)
        }
        // `?purge=true` erases every stored version, env values included; without it the
        // versions stay in the history, and the answer says so.
        group.delete("config") { request, context in
            let tool = try context.tool
            let purge = try request.flag("purge") ?? false
            let stored = try await latestConfig(tool: tool, version: 0)
            let answer = try await backends.config.send(ConfigMethod.deleteConfig, Wire.DeleteConfigRequest(tool: tool, purge: purge))
            let count = Int(answer.deletedVersions)
            let versions = "\(count) version\(count == 1 ? "" : "s")"
            let info = purge
                ? "Configuration for \(tool) erased (\(versions), env values included)."
                : "Configuration for \(tool) deleted (\(versions) hidden). Its versions, env values included, stay in the history; delete with ?purge=true (components config delete --purge) to erase them."
            if dialect == .toolforge { return try JSONResponse.data(try upstreamConfig(stored), messages: APIMessages(info: [info])) }
            return try JSONResponse.data(ToolConfigJSON(stored, deletedVersions: count), messages: APIMessages(info: [info]))
        }
        group.post("config/validate") { request, context in
            let tool = try context.tool
            let source = try await configSource(request)
            let answer = try await backends.config.send(ConfigMethod.validateConfig, Wire.ValidateConfigRequest(tool: tool, source: source))
            guard answer.valid else {
                let count = answer.errors.count
                throw GatewayError(.badRequest, "the config has \(count) error\(count == 1 ? "" : "s")", violations: answer.errors.map(ViolationJSON.init))
            }
            return try JSONResponse.data(
                ConfigValidationJSON(answer),
                messages: APIMessages(info: (answer.document.map { [Self.fetchedSentence($0)] } ?? []) + ["The configuration is valid; nothing was stored."],
                                      warning: answer.warnings.map { ViolationJSON($0).sentence }))
        }
    }

    /// Says which document `source_url` gave, so the answer names what was validated or stored.
    static func fetchedSentence(_ document: Wire.SourceDocument) -> String {
        "The configuration was fetched from source_url \(document.url) (\(document.sizeBytes) bytes, SHA-256 \(document.sha256)); it is fetched again at every deployment."
    }

    /// A stored config in the components-api spelling, for `/components/v1`.
    func upstreamConfig(_ stored: Wire.StoredConfig) throws(GatewayError) -> JSONValue {
        guard let json = UpstreamShapes.config(canonical: stored.canonicalJson) else { throw missing("a readable config", from: "config") }
        return json
    }

    private func configSource(_ request: Request) async throws(GatewayError) -> String {
        let source = try await request.text(limit: configuration.maximumBodySize)
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .badRequest("the request body is empty; send the config document (YAML or JSON) as the body")
        }
        return source
    }

    func latestConfig(tool: String, version: UInt32) async throws(GatewayError) -> Wire.StoredConfig {
        let answer = try await backends.config.send(ConfigMethod.getConfig, Wire.GetConfigRequest(tool: tool, version: version))
        guard let stored = answer.config else { throw missing("config", from: "config") }
        return stored
    }

    /// A service answered without a field it always sets: a bug there, not the caller's fault.
    func missing(_ field: String, from service: String) -> GatewayError {
        GatewayError(.internalServerError, "the \(service) service could not answer this request; its log has the details", cause: "answer without \(field)")
    }
}
