import Foundation
import Protocol
import ToolConfig

/// Deploy on push by webhook: the gateway verified a push event and tells the executor which
/// repository and ref moved. The same trigger as polling, so the poller does not deploy the
/// same commit again.
extension AutoDeployPoller {
    /// Deploys when a component builds `push.ref` (a full ref name) of `push.repository`;
    /// otherwise answers why not, deploying nothing.
    func notifyPush(_ push: Wire.PushNotification) async throws -> Wire.PushNotificationResponse {
        let stored: Wire.GetConfigResponse
        switch await core.configClient.result(ConfigMethod.getConfig, Wire.GetConfigRequest(tool: push.tool)) {
        case .success(let answer): stored = answer
        case .failure(let error) where error.code == .notFound:
            return Wire.PushNotificationResponse(message: "ignored: the tool \(push.tool) has no config")
        case .failure(let error): throw error
        }
        guard let config = stored.config.flatMap({ ToolConfigParser.parse($0.canonicalJson, options: .acceptedConfig).config }) else {
            throw RPCError(.failedPrecondition, "the stored config of \(push.tool) no longer validates")
        }
        let built = Self.polledRepositories(config).keys.filter {
            RepositoryIdentity.same($0.repository, push.repository) && Self.ref($0.ref, matches: push.ref)
        }
        guard let key = built.sorted().first else {
            return Wire.PushNotificationResponse(message: "ignored: no component builds \(push.ref.prefix(200))")
        }
        // The default branch is whatever HEAD is: a push elsewhere is not for us.
        if key.ref == nil, !push.after.isEmpty {
            let backend = core.backend, timeout = limits.checkTimeout
            let head = try await limiter.withSlot { try await Self.resolve(key, backend: backend, timeout: timeout) }
            guard head == push.after.lowercased() else {
                return Wire.PushNotificationResponse(message: "ignored: no component builds \(push.ref.prefix(200))")
            }
        }
        let old = push.before.isEmpty ? "0000000" : push.before
        let new = push.after.isEmpty ? "0000000" : push.after
        let description = "auto-deploy: \(key.repository) \(key.ref ?? "HEAD") \(old.prefix(7))..\(new.prefix(7)) (\(push.source) webhook)"
        let created = try await trigger(tool: push.tool, description: description, source: push.source.isEmpty ? "webhook" : push.source)
        if !push.after.isEmpty { rememberSeen(tool: push.tool, key: key, commit: push.after.lowercased()) }
        return Wire.PushNotificationResponse(deployed: true, message: "deploying \(created.deployment?.deployId ?? "")",
                                             deployment: created.deployment)
    }

    /// Whether a config's `ref` (a short name, nil for the default branch) is the pushed
    /// full ref name.
    static func ref(_ configured: String?, matches pushed: String) -> Bool {
        guard let configured else { return pushed.hasPrefix("refs/heads/") }
        return pushed == configured || pushed == "refs/heads/\(configured)" || pushed == "refs/tags/\(configured)"
    }
}

/// Whether two repository URLs name the same repository: the host's case, a trailing `/`
/// and a trailing `.git` do not matter.
enum RepositoryIdentity {
    static func same(_ a: String, _ b: String) -> Bool {
        normalized(a) == normalized(b)
    }

    static func normalized(_ url: String) -> String {
        var text = url.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix(".git") { text.removeLast(4) }
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        return text[..<schemeEnd.upperBound].lowercased() + rest[..<hostEnd].lowercased() + rest[hostEnd...]
    }
}
