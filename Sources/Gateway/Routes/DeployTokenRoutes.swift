import ComponentsAPI
import ComponentsModel
import Hummingbird
import Protocol

extension APIRoutes {
    /// `deployment/token`: GET (when it was made; the secret is stored hashed), POST (create),
    /// PUT (rotate), DELETE. Tool token only: a deploy token cannot mint another.
    func addDeployTokenRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("deployment/token") { _, context in
            let token = try await deployToken(ConfigMethod.getDeployToken, context: context)
            return try JSONResponse.data(
                DeployTokenJSON(token),
                messages: APIMessages(info: ["The token's value is shown only when it is created or refreshed (it is stored hashed); it expires on \(token.expiryText)."]))
        }
        group.post("deployment/token") { _, context in
            let token = try await deployToken(ConfigMethod.createDeployToken, context: context)
            return try JSONResponse.data(
                DeployTokenJSON(token),
                messages: APIMessages(info: ["Deploy token for \(token.tool) created successfully; store it now, it is not shown again. It expires on \(token.expiryText)."]))
        }
        group.put("deployment/token") { _, context in
            let token = try await deployToken(ConfigMethod.rotateDeployToken, context: context)
            return try JSONResponse.data(
                DeployTokenJSON(token),
                messages: APIMessages(info: ["Deploy token for \(token.tool) updated successfully; the old one no longer works. The new one expires on \(token.expiryText)."]))
        }
        group.delete("deployment/token") { _, context in
            let token = try await deployToken(ConfigMethod.deleteDeployToken, context: context)
            return try JSONResponse.data(
                DeployTokenJSON(token),
                messages: APIMessages(info: ["Deploy token for \(token.tool) deleted successfully."]))
        }
    }

    private func deployToken(_ method: RPCMethod<Wire.DeployTokenRequest, Wire.DeployTokenResponse>, context: GatewayRequestContext) async throws(GatewayError) -> Wire.DeployToken {
        let tool = try context.tool
        let answer = try await backends.config.send(method, Wire.DeployTokenRequest(tool: tool))
        guard let token = answer.token else { throw missing("token", from: "config") }
        return token
    }
}

extension Wire.DeployToken {
    /// When the token expires, for messages.
    fileprivate var expiryText: String {
        Timestamp.iso8601(milliseconds: DeployTokenLifetime.expiry(creationTimeMs: creationTimeMs))
    }
}
