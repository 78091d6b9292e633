import ComponentsAPI
import Hummingbird
import Protocol

extension APIRoutes {
    /// `auto-deploy` (GET: the poller's status) and `webhook-secret` (POST creates and shows
    /// it once, GET says since when, DELETE). Tool token only.
    func addAutoDeployRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("auto-deploy") { _, context in
            let tool = try context.tool
            let status = try await backends.executor.send(ExecutorMethod.autoDeployStatus, Wire.AutoDeployStatusRequest(tool: tool))
            let info = status.polling ? [] : ["\(tool) does not poll its repositories; add auto-deploy: {poll: 1m} to its config (polling starts after its first deployment)."]
            return try JSONResponse.data(AutoDeployStatusJSON(status), messages: APIMessages(info: info))
        }
        group.post("webhook-secret") { _, context in
            let secret = try await webhookSecret(ConfigMethod.createWebhookSecret, context: context)
            return try JSONResponse.data(WebhookSecretJSON(secret), messages: APIMessages(info: [
                "Webhook secret for \(secret.tool) created; paste it into the webhook settings now, it is not shown again.",
            ]))
        }
        group.get("webhook-secret") { _, context in
            let secret = try await webhookSecret(ConfigMethod.getWebhookSecret, context: context)
            return try JSONResponse.data(WebhookSecretJSON(secret), messages: APIMessages(info: ["The secret itself is shown only when it is created."]))
        }
        group.delete("webhook-secret") { _, context in
            let secret = try await webhookSecret(ConfigMethod.deleteWebhookSecret, context: context)
            return try JSONResponse.data(WebhookSecretJSON(secret), messages: APIMessages(info: [
                "Webhook secret for \(secret.tool) deleted; webhooks signed with it are refused from now on.",
            ]))
        }
    }

    private func webhookSecret(_ method: RPCMethod<Wire.WebhookSecretRequest, Wire.WebhookSecretResponse>,
                               context: GatewayRequestContext) async throws(GatewayError) -> Wire.WebhookSecretResponse {
        try await backends.config.send(method, Wire.WebhookSecretRequest(tool: try context.tool))
    }
}
