import ComponentsAPI
import Protocol

extension AutoDeployStatusJSON {
    /// The executor's status; zero values become `null`.
    init(_ wire: Wire.AutoDeployStatusResponse) {
        self.init(
            polling: wire.polling,
            intervalSeconds: wire.polling ? Int(wire.intervalSeconds) : nil,
            requestedSeconds: wire.polling ? Int(wire.requestedSeconds) : nil,
            repositories: wire.repositories.map {
                AutoDeployRepositoryJSON(
                    repository: $0.repository, ref: $0.ref.isEmpty ? nil : $0.ref, components: $0.components,
                    lastCheck: Timestamp.optional(milliseconds: $0.lastCheckMs),
                    lastSeenCommit: $0.lastSeenCommit.isEmpty ? nil : $0.lastSeenCommit,
                    nextCheck: Timestamp.optional(milliseconds: $0.nextCheckMs),
                    lastError: $0.lastError.isEmpty ? nil : $0.lastError, failures: Int($0.failures))
            },
            lastDeployId: wire.lastDeployId.isEmpty ? nil : wire.lastDeployId,
            lastTriggerTime: Timestamp.optional(milliseconds: wire.lastTriggerMs))
    }
}

extension WebhookSecretJSON {
    /// The config service's answer; an empty secret (never shown again) becomes `null`.
    init(_ wire: Wire.WebhookSecretResponse) {
        self.init(tool: wire.tool, secret: wire.secret.isEmpty ? nil : wire.secret,
                  creationDate: Timestamp.optional(milliseconds: wire.creationTimeMs))
    }
}
