import Foundation
import Protocol

extension ConfigServiceHandlers {
    /// The webhook secret methods: create (answers the secret once), get (only when),
    /// delete, and verify (the secret never leaves this service again).
    func registerWebhookSecrets(_ router: inout RPCRouter) {
        router.register(ConfigMethod.createWebhookSecret) { request, _ in
            try requireTool(request.tool)
            let (secret, time) = try store.createWebhookSecret(tool: request.tool)
            return Wire.WebhookSecretResponse(tool: request.tool, secret: secret, creationTimeMs: time)
        }
        router.register(ConfigMethod.getWebhookSecret) { request, _ in
            try requireTool(request.tool)
            guard let time = try store.webhookSecretCreationTime(tool: request.tool) else {
                throw RPCError(.notFound, "the tool \(request.tool) has no webhook secret; create one with `components webhook-secret create`")
            }
            return Wire.WebhookSecretResponse(tool: request.tool, creationTimeMs: time)
        }
        router.register(ConfigMethod.deleteWebhookSecret) { request, _ in
            try requireTool(request.tool)
            guard try store.deleteWebhookSecret(tool: request.tool) else {
                throw RPCError(.notFound, "the tool \(request.tool) has no webhook secret")
            }
            return Wire.WebhookSecretResponse(tool: request.tool)
        }
        router.register(ConfigMethod.verifyWebhook) { request, _ in
            try requireTool(request.tool)
            // No secret: nothing can be signed with it, so every delivery is refused.
            guard let secret = try store.webhookSecret(tool: request.tool) else { return Wire.VerifyWebhookResponse(valid: false) }
            return Wire.VerifyWebhookResponse(valid: WebhookSignature.isValid(
                provider: request.provider, body: Data(request.body), signature: request.signature, secret: secret))
        }
    }
}
