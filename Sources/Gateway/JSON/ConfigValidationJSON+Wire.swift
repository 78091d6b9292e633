import ComponentsAPI
import Protocol

extension ConfigValidationJSON {
    /// The config service's answer for a valid config.
    init(_ wire: Wire.ValidateConfigResponse) {
        self.init(
            valid: wire.valid,
            warnings: wire.warnings.map(ViolationJSON.init),
            hash: wire.hash,
            toolConfig: JSONValue.parse(wire.canonicalJson))
    }
}
