import ComponentsAPI
import Foundation
import Hummingbird
import NIOCore
import Protocol

extension APIRoutes {
    /// The most a webhook payload may be; GitHub caps its own at 25 MiB, but a push payload
    /// that names the repository and ref is far smaller.
    static let maximumWebhookPayload = 1 << 20

    /// `POST webhook/github` and `POST webhook/gitlab`: no bearer token; the signature made
    /// with the tool's webhook secret is the authentication. 401 for a bad or missing
    /// signature (nothing changes), 202 for events, refs and tags no component builds, 200
    /// with the deployment when a push deploys.
    func addWebhookRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("github") { request, context in
            try await webhook(request, context: context, provider: .github)
        }
        group.post("gitlab") { request, context in
            try await webhook(request, context: context, provider: .gitlab)
        }
    }

    private func webhook(_ request: Request, context: GatewayRequestContext, provider: WebhookProvider) async throws -> Response {
        metrics.recordWebhook(provider.rawValue, outcome: .received)
        let tool = try context.tool
        guard webhookAdmission.enter(tool) else {
            metrics.recordWebhook(provider.rawValue, outcome: .refused)
            throw GatewayError.tooManyRequests("too many webhook deliveries for \(tool) are being checked at once; retry in a moment")
        }
        let push: PushEvent?
        do {
            push = try await verifiedPush(request, tool: tool, provider: provider)
        } catch {
            // Bad signature, payload or size: nothing changed.
            webhookAdmission.leave(tool)
            metrics.recordWebhook(provider.rawValue, outcome: .refused)
            throw error
        }
        webhookAdmission.leave(tool)
        let event = request.headers[provider.eventHeader] ?? ""
        guard let push else {
            return try ignored(provider, "ignored: \(event.isEmpty ? "an event without \(provider.eventHeader)" : "the \(event.prefix(100)) event") is not a push")
        }
        if push.deletesRef { return try ignored(provider, "ignored: the push deleted \(push.ref)") }
        var answer = Wire.PushNotificationResponse(message: "ignored: no component builds \(push.ref)")
        for repository in push.repositories where !answer.deployed {
            answer = try await backends.executor.send(ExecutorMethod.notifyPush, Wire.PushNotification(
                tool: tool, repository: repository, ref: push.ref, source: provider.rawValue, before: push.before, after: push.after))
        }
        guard answer.deployed else { return try ignored(provider, answer.message) }
        return try JSONResponse.data(WebhookResultJSON(deployed: true, deployId: answer.deployment?.deployId),
                                     messages: APIMessages(info: ["Deployment \(answer.deployment?.deployId ?? "") for \(tool) created by a \(provider.rawValue) push to \(push.ref)."]))
    }

    /// The push a signed delivery describes; nil for a signed event that is not a push.
    /// Throws 413 beyond the size cap, 401 for a missing or wrong signature, 400 for a
    /// payload that is no push.
    private func verifiedPush(_ request: Request, tool: String, provider: WebhookProvider) async throws(GatewayError) -> PushEvent? {
        let body = try await request.bytes(limit: Self.maximumWebhookPayload)
        guard let signature = request.headers[provider.signatureHeader], !signature.isEmpty else {
            throw .unauthorized("the request has no \(provider.signatureHeader) header; set the webhook's secret to the tool's webhook secret")
        }
        let verification = await backends.config.result(
            ConfigMethod.verifyWebhook,
            Wire.VerifyWebhookRequest(tool: tool, provider: provider.rawValue, body: Array(body), signature: String(signature.prefix(512))))
        let refused = GatewayError.unauthorized("the \(provider.signatureHeader) does not match the tool's webhook secret; nothing was deployed")
        switch verification {
        case .success(let answer):
            guard answer.valid else { throw refused }
        case .failure(let error) where error.code == .notFound:
            throw refused
        case .failure(let error):
            throw GatewayError(error, service: "config")
        }
        guard provider.pushEvents.contains(request.headers[provider.eventHeader] ?? "") else { return nil }
        do {
            return try PushEvent.parse(body)
        } catch {
            throw .badRequest(error.message)
        }
    }

    private func ignored(_ provider: WebhookProvider, _ message: String) throws -> Response {
        metrics.recordWebhook(provider.rawValue, outcome: .ignored)
        return try JSONResponse.data(WebhookResultJSON(deployed: false, deployId: nil), messages: APIMessages(info: [message]), status: .accepted)
    }
}

/// Where a webhook comes from, and how that provider signs and names its events.
enum WebhookProvider: String, Sendable {
    case github, gitlab

    var signatureHeader: HTTPFields.Element.Name {
        switch self {
        case .github: HTTPFields.Element.Name("X-Hub-Signature-256")!
        case .gitlab: HTTPFields.Element.Name("X-Gitlab-Token")!
        }
    }

    var eventHeader: HTTPFields.Element.Name {
        switch self {
        case .github: HTTPFields.Element.Name("X-GitHub-Event")!
        case .gitlab: HTTPFields.Element.Name("X-Gitlab-Event")!
        }
    }

    var pushEvents: Set<String> {
        switch self {
        case .github: ["push"]
        case .gitlab: ["Push Hook", "Tag Push Hook"]
        }
    }

}
