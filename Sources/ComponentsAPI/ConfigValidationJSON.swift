/// `data` of `config/validate` for a valid config: nothing is stored.
public struct ConfigValidationJSON: Codable, Sendable, Hashable {
    /// Always true here; an invalid config answers 400 with its violations.
    public var valid: Bool
    /// Unknown fields and other things that do not stop the config from working.
    public var warnings: [ViolationJSON]
    /// SHA-256 of the canonical config.
    public var hash: String
    /// The canonical config (`config-version`, `components`); absent when the config
    /// service sent no JSON.
    public var toolConfig: JSONValue?

    /// Creates a validation answer.
    public init(valid: Bool, warnings: [ViolationJSON], hash: String, toolConfig: JSONValue?) {
        self.valid = valid
        self.warnings = warnings
        self.hash = hash
        self.toolConfig = toolConfig
    }

    enum CodingKeys: String, CodingKey {
        case valid, warnings, hash
        case toolConfig = "tool_config"
    }
}
