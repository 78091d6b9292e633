import HTTPTypes
import Hummingbird
import Protocol

/// Checks the request's token with the config service through the ``Authenticator`` and that
/// it may reach this endpoint:
/// 401 for a missing or unknown token, 400 for a bad tool name, 403 for a token of another
/// tool or a deploy token outside the deployments it may create and read.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    /// Which tokens an endpoint takes.
    enum Access: Sendable {
        /// Tool tokens only.
        case toolToken
        /// Tool tokens, and deploy tokens (creating and reading deployments).
        case deployments
    }

    let authenticator: Authenticator
    /// The front whose tool header authenticates, if there is one.
    let trustedFront: TrustedFront?
    let access: Access
    /// True under `/v1/tool/{tool}`: the token must belong to that tool.
    let toolScoped: Bool
    /// Whether a verified client certificate's CN names the tool (``GatewayTLS``).
    var clientCertificates = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.caller = try await authorize(request, context: context)
        return try await next(request, context)
    }

    private func authorize(_ request: Request, context: Context) async throws(GatewayError) -> Caller {
        let caller = try await identify(request, context: context)
        return try check(caller, context: context)
    }

    /// The caller the trusted front names, or else the one its token belongs to.
    private func identify(_ request: Request, context: Context) async throws(GatewayError) -> Caller {
        if let trustedFront, let name = HTTPField.Name(trustedFront.header), let tool = request.headers[name] {
            guard trustedFront.trusts(context.remoteAddress) else {
                throw .unauthorized("the \(trustedFront.header) header is accepted only from the trusted front (--trusted-proxy); send a token instead")
            }
            try ToolName.validate(tool)
            return Caller(tool: tool, kind: .tool)
        }
        // A client certificate the client CA signed is the tool's own, like its token.
        if clientCertificates, let channel = context.channel, let tool = await ClientCertificate.tool(on: channel) {
            try ToolName.validate(tool)
            return Caller(tool: tool, kind: .tool)
        }
        let token = try BearerToken.from(request)
        guard let caller = try await authenticator.authenticate(token.value) else {
            throw .unauthorized("the token is not valid; check it or create a new one")
        }
        if token.origin == .query && caller.kind == .tool {
            // Query strings end up in logs and browser histories; only the narrow deploy token may travel there.
            throw .unauthorized("a tool token must be sent in the Authorization header, not as ?token=; only deploy tokens are accepted there")
        }
        return caller
    }

    /// 400 for a bad tool name, 403 for another tool's caller or a deploy token out of its lane.
    private func check(_ caller: Caller, context: Context) throws(GatewayError) -> Caller {
        if toolScoped {
            let tool = context.parameters.get("tool") ?? ""
            try ToolName.validate(tool)
            guard caller.tool == tool else {
                throw .forbidden("this token belongs to another tool; use a token of the tool \(tool)")
            }
        }
        if caller.kind == .deploy && access != .deployments {
            throw .forbidden("a deploy token can only create and read deployments; use the tool token for this")
        }
        return caller
    }
}
