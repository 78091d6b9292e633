import ComponentsAPI
import ComponentsModel
import Protocol

extension DeployTokenJSON {
    /// The config service's token; an empty secret (stored hashed) becomes `null`.
    init(_ wire: Wire.DeployToken) {
        self.init(
            tool: wire.tool,
            token: wire.token.isEmpty ? nil : wire.token,
            creationDate: Timestamp.optional(milliseconds: wire.creationTimeMs),
            expirationDate: wire.creationTimeMs > 0
                ? Timestamp.optional(milliseconds: DeployTokenLifetime.expiry(creationTimeMs: wire.creationTimeMs)) : nil)
    }
}
