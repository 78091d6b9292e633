import Logging
import Protocol
import ToolConfig

/// The config service's RPC methods over a store and an image registry.
public struct ConfigServiceHandlers: Sendable {
    let store: ConfigStore
    let images: ImageRegistry
    let allowLocalRepositories: Bool
    let allowPrivateRepositories: Bool
    let allowInsecureRepositories: Bool
    let limits: ParseLimits
    let sourceFetchTimeout: Duration

    /// Creates the handlers; `limits` bound what a config may ask for (the operator's
    /// `--max-replicas`), and the `allow...Repositories` flags which repositories it may name
    /// (file://, private hosts, http:// and git://) and which `source_url`s it fetches
    /// (private hosts, http://), each fetch within `sourceFetchTimeout`.
    public init(store: ConfigStore, images: ImageRegistry, allowLocalRepositories: Bool, allowPrivateRepositories: Bool = false,
                allowInsecureRepositories: Bool = false, limits: ParseLimits = ParseLimits(), sourceFetchTimeout: Duration = .seconds(10)) {
        self.sourceFetchTimeout = sourceFetchTimeout
        self.store = store
        self.images = images
        self.allowLocalRepositories = allowLocalRepositories
        self.allowPrivateRepositories = allowPrivateRepositories
        self.allowInsecureRepositories = allowInsecureRepositories
        self.limits = limits
    }

    /// A router with every config service method.
    public func router() -> RPCRouter {
        var router = RPCRouter()
        router.register(ConfigMethod.validateConfig) { request, _ in await validate(request) }
        router.register(ConfigMethod.putConfig) { request, _ in try await put(request) }
        router.register(ConfigMethod.getConfig) { request, _ in try get(request) }
        router.register(ConfigMethod.refreshConfig) { request, _ in try await refresh(request) }
        router.register(ConfigMethod.listConfigVersions) { request, _ in
            try requireTool(request.tool)
            return Wire.ListConfigVersionsResponse(versions: try store.versions(tool: request.tool).map(\.wire))
        }
        router.register(ConfigMethod.deleteConfig) { request, _ in
            try requireTool(request.tool)
            let hidden = try store.deleteConfig(tool: request.tool, purge: request.purge)
            guard hidden > 0 else { throw RPCError(.notFound, "the tool \(request.tool) has no config to delete") }
            return Wire.DeleteConfigResponse(deletedVersions: UInt32(hidden))
        }
        router.register(ConfigMethod.createTool) { request, _ in
            try ToolName.validate(request.name)
            return Wire.CreateToolResponse(tool: request.name, token: try store.createTool(name: request.name))
        }
        router.register(ConfigMethod.authenticateToken) { request, _ in
            guard let (tool, kind) = try store.authenticate(token: request.token) else {
                throw RPCError(.unauthenticated, "the token is not valid; check it or create a new one")
            }
            return Wire.AuthenticateTokenResponse(tool: tool, kind: kind == .tool ? .tool : .deploy)
        }
        registerDeployTokens(&router)
        registerWebhookSecrets(&router)
        router.register(ConfigMethod.listImages) { request, _ in
            Wire.ListImagesResponse(images: images.listed(includeDeprecated: request.includeDeprecated))
        }
        router.register(ConfigMethod.resolveImage) { request, _ in
            try images.resolve(request.name, consumer: request.consumer.isEmpty ? "local" : request.consumer)
        }
        return router
    }

    private var options: ValidationOptions {
        ValidationOptions(allowLocalRepositories: allowLocalRepositories, allowPrivateRepositories: allowPrivateRepositories,
                          allowInsecureRepositories: allowInsecureRepositories, knownImages: images.images.isEmpty ? nil : images.knownImages,
                          limits: limits)
    }

    /// Resolves `source_url`s under the repository policy, within the config size limit.
    var resolver: SourceConfigResolver {
        SourceConfigResolver(options: options, policy: SourceFetchPolicy(
            allowPrivate: allowPrivateRepositories, allowInsecure: allowInsecureRepositories,
            maxBytes: limits.maxDocumentBytes, timeout: sourceFetchTimeout))
    }

    func requireTool(_ tool: String) throws {
        try ToolName.validate(tool)
        guard try store.toolExists(tool) else {
            throw RPCError(.notFound, "no tool named \(tool); create it with `componentsd tool create \(tool)`")
        }
    }

    func validate(_ request: Wire.ValidateConfigRequest) async -> Wire.ValidateConfigResponse {
        let resolution = await resolver.resolve(request.source)
        let (result, canonicalJSON) = canonical(resolution.result)
        return Wire.ValidateConfigResponse(
            valid: result.isValid, errors: result.errors.map(\.wire), warnings: result.warnings.map(\.wire),
            canonicalJson: canonicalJSON ?? "", hash: result.config?.contentHash ?? "", document: resolution.document?.wire)
    }

    func put(_ request: Wire.PutConfigRequest) async throws -> Wire.PutConfigResponse {
        try requireTool(request.tool)
        let resolution = await resolver.resolve(request.source)
        let (record, changed, warnings) = try keep(resolution, tool: request.tool, refusal: "nothing was stored")
        return Wire.PutConfigResponse(config: record.wire, changed: changed, warnings: warnings, document: resolution.document?.wire)
    }

    /// Stores a resolved config as the tool's newest version (unless it equals it), or
    /// refuses it with every error; `refusal` says what that left unchanged.
    private func keep(_ resolution: SourceConfigResolver.Resolution, tool: String,
                       refusal: String) throws -> (StoredConfigRecord, Bool, [Wire.Violation]) {
        let (result, canonicalJSON) = canonical(resolution.result)
        guard let config = result.config, let canonicalJSON, result.isValid else {
            let count = result.errors.count
            throw RPCError(.invalidArgument, "the config has \(count) error\(count == 1 ? "" : "s"); \(refusal)", violations: result.errors.map(\.wire))
        }
        let (record, changed) = try store.putConfig(tool: tool, source: resolution.source, canonicalJSON: canonicalJSON, hash: config.contentHash)
        return (record, changed, result.warnings.map(\.wire))
    }

    /// Fetches the latest config's `source_url` again, as every deployment does; a config
    /// without one is answered as stored. A failed fetch or an invalid document stores
    /// nothing and fails with FAILED_PRECONDITION naming the URL.
    func refresh(_ request: Wire.RefreshConfigRequest) async throws -> Wire.PutConfigResponse {
        let latest = try get(Wire.GetConfigRequest(tool: request.tool)).config
        guard let latest, let url = ToolConfigParser.parse(latest.canonicalJson, options: .acceptedConfig).config?.sourceURL else {
            return Wire.PutConfigResponse(config: latest)
        }
        let resolution = await resolver.fetchConfig(from: url)
        do {
            let (record, changed, warnings) = try keep(resolution, tool: request.tool, refusal: "nothing was deployed")
            return Wire.PutConfigResponse(config: record.wire, changed: changed, warnings: warnings, document: resolution.document?.wire)
        } catch let error as RPCError {
            throw RPCError(.failedPrecondition, "the config is fetched from source_url \(url) at every deployment, and this time it could not be used: \(error.message)"
                + (error.violations.first.map { " (\($0.message))" } ?? ""), violations: error.violations)
        }
    }

    /// Makes the canonical JSON of a validated config, which every later answer about the
    /// config carries: a config whose JSON would be larger than a document may be (aliases
    /// can expand it) is refused, so no answer about it can outgrow a message.
    private func canonical(_ validation: ValidationResult) -> (ValidationResult, canonicalJSON: String?) {
        var result = validation
        guard let config = result.config else { return (result, nil) }
        let canonicalJSON = config.canonicalJSON()
        let limit = options.limits.maxDocumentBytes
        guard canonicalJSON.utf8.count <= limit else {
            result.config = nil
            result.errors.append(ConfigViolation(path: "", line: 1, column: 1,
                message: "the config expands to \(canonicalJSON.utf8.count) bytes of JSON, over the limit of \(limit); write repeated values once, or shorten them"))
            return (result, nil)
        }
        return (result, canonicalJSON)
    }

    func get(_ request: Wire.GetConfigRequest) throws -> Wire.GetConfigResponse {
        try requireTool(request.tool)
        guard let record = try store.config(tool: request.tool, version: request.version == 0 ? nil : Int(request.version)) else {
            let what = request.version == 0 ? "no config" : "no config version \(request.version)"
            throw RPCError(.notFound, "the tool \(request.tool) has \(what); create one with `components config create FILE`")
        }
        return Wire.GetConfigResponse(config: record.wire)
    }

    private func registerDeployTokens(_ router: inout RPCRouter) {
        router.register(ConfigMethod.createDeployToken) { request, _ in
            try requireTool(request.tool)
            let (token, time) = try store.issueDeployToken(tool: request.tool, replace: false)
            return Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool, token: token, creationTimeMs: time))
        }
        router.register(ConfigMethod.rotateDeployToken) { request, _ in
            try requireTool(request.tool)
            let (token, time) = try store.issueDeployToken(tool: request.tool, replace: true)
            return Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool, token: token, creationTimeMs: time))
        }
        router.register(ConfigMethod.getDeployToken) { request, _ in
            try requireTool(request.tool)
            guard let time = try store.deployTokenCreationTime(tool: request.tool) else {
                throw RPCError(.notFound, "the tool \(request.tool) has no deploy token; create one")
            }
            // The token itself is stored hashed and cannot be shown again.
            return Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool, creationTimeMs: time))
        }
        router.register(ConfigMethod.deleteDeployToken) { request, _ in
            try requireTool(request.tool)
            guard try store.deleteDeployToken(tool: request.tool) else {
                throw RPCError(.notFound, "the tool \(request.tool) has no deploy token")
            }
            return Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool))
        }
    }
}

extension StoredConfigRecord {
    /// The wire form.
    public var wire: Wire.StoredConfig {
        Wire.StoredConfig(tool: tool, version: UInt32(version), source: source, canonicalJson: canonicalJSON, hash: hash, creationTimeMs: creationTimeMs)
    }
}

extension ConfigViolation {
    /// The wire form.
    public var wire: Wire.Violation {
        Wire.Violation(path: path, line: UInt32(clamping: line), column: UInt32(clamping: column), message: message)
    }
}
