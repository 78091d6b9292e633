import Protocol

/// A config service that answers canned messages: tools `alpha` and `beta`, their tool
/// tokens, a deploy token of `alpha`, one stored config.
enum FakeConfigService {
    static let alphaToken = "tok-alpha"
    static let betaToken = "tok-beta"
    static let alphaDeployToken = "dep-alpha"

    static let canonicalJSON = #"{"components":{"api":{"build":{"ref":"main","repository":"https://example.org/tool.git"},"run":{"command":"api","env":{"DB_PASSWORD":"hunter2"},"port":5000},"type":"continuous"}},"config-version":"v0.1"}"#

    static let prot = Wire.Violation(
        path: "components.api.run.prot", line: 6, column: 7,
        message: "unknown field \"prot\" at components.api.run, did you mean \"port\"?")

    static let invalid = [
        Wire.Violation(path: "components.api.run.port", line: 6, column: 13, message: "port must be from 1 to 65535, not 70000"),
        Wire.Violation(path: "components.api.build.ref", line: 5, column: 52, message: "ref must not start with '-'"),
    ]

    static func stored(_ tool: String, source: String = "config-version: v0.1\n") -> Wire.StoredConfig {
        Wire.StoredConfig(tool: tool, version: 1, source: source, canonicalJson: canonicalJSON, hash: "abc123", creationTimeMs: 1_767_268_800_000)
    }

    static func router(putSources: Recorder<String> = Recorder()) -> RPCRouter {
        var router = RPCRouter()
        router.register(ConfigMethod.authenticateToken) { request, _ in
            switch request.token {
            case alphaToken: return Wire.AuthenticateTokenResponse(tool: "alpha", kind: .tool)
            case betaToken: return Wire.AuthenticateTokenResponse(tool: "beta", kind: .tool)
            case alphaDeployToken: return Wire.AuthenticateTokenResponse(tool: "alpha", kind: .deploy)
            default: throw RPCError(.unauthenticated, "the token is not valid; check it or create a new one")
            }
        }
        router.register(ConfigMethod.putConfig) { request, _ in
            putSources.append(request.source)
            if request.source.contains("70000") {
                throw RPCError(.invalidArgument, "the config has 2 errors; nothing was stored", violations: invalid)
            }
            let warnings = request.source.contains("prot:") ? [prot] : []
            return Wire.PutConfigResponse(config: stored(request.tool, source: request.source), changed: true, warnings: warnings)
        }
        router.register(ConfigMethod.validateConfig) { request, _ in
            if request.source.contains("70000") {
                return Wire.ValidateConfigResponse(valid: false, errors: invalid)
            }
            return Wire.ValidateConfigResponse(valid: true, warnings: request.source.contains("prot:") ? [prot] : [], canonicalJson: canonicalJSON, hash: "abc123")
        }
        router.register(ConfigMethod.getConfig) { request, _ in
            guard request.version <= 1, request.tool != "beta" || request.version == 1 else {
                throw RPCError(.notFound, "the tool \(request.tool) has no config version \(request.version); create one with `components config create FILE`")
            }
            return Wire.GetConfigResponse(config: stored(request.tool))
        }
        router.register(ConfigMethod.deleteConfig) { _, _ in
            Wire.DeleteConfigResponse(deletedVersions: 1)
        }
        router.register(ConfigMethod.createDeployToken) { request, _ in
            Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool, token: "dep-new", creationTimeMs: 1_767_268_800_000))
        }
        router.register(ConfigMethod.rotateDeployToken) { request, _ in
            Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool, token: "dep-rotated", creationTimeMs: 1_767_268_900_000))
        }
        router.register(ConfigMethod.getDeployToken) { request, _ in
            Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool, creationTimeMs: 1_767_268_800_000))
        }
        router.register(ConfigMethod.deleteDeployToken) { request, _ in
            Wire.DeployTokenResponse(token: Wire.DeployToken(tool: request.tool))
        }
        router.register(ConfigMethod.listImages) { request, _ in
            var images = [Wire.Image(name: "python3.13", state: .default, aliases: ["python"], variants: [Wire.ImageVariant(consumer: "local", reference: "python3.13")])]
            if request.includeDeprecated {
                images.append(Wire.Image(name: "python3.9", state: .deprecated))
            }
            return Wire.ListImagesResponse(images: images)
        }
        return router
    }
}
