import Protocol

/// `data` of `config/validate` for a valid config: nothing is stored.
public struct ConfigValidationJSON: Encodable, Sendable, Hashable {
    /// Always true here; an invalid config answers 400 with its violations.
    public var valid: Bool
    /// Unknown fields and other things that do not stop the config from working.
    public var warnings: [ViolationJSON]
    /// SHA-256 of the canonical config.
    public var hash: String
    /// The canonical config (`config-version`, `components`).
    public var toolConfig: JSONValue?

    init(_ wire: Wire.ValidateConfigResponse) {
        valid = wire.valid
        warnings = wire.warnings.map(ViolationJSON.init)
        hash = wire.hash
        toolConfig = JSONValue.parse(wire.canonicalJson)
    }

    enum CodingKeys: String, CodingKey {
        case valid, warnings, hash
        case toolConfig = "tool_config"
    }
}
