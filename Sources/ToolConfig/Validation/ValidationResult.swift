/// What ``ToolConfigParser/parse(_:options:)`` found: the config when it is valid, and every
/// error and warning in document order.
public struct ValidationResult: Sendable, Hashable, Codable {
    /// The decoded, normalised config; nil when there is any error.
    public var config: ToolConfiguration?
    /// Problems that make the config unusable.
    public var errors: [ConfigViolation]
    /// Problems worth fixing that do not stop a deployment (unknown keys, deprecated images).
    public var warnings: [ConfigViolation]

    /// Creates a result.
    public init(config: ToolConfiguration?, errors: [ConfigViolation], warnings: [ConfigViolation]) {
        self.config = config
        self.errors = errors
        self.warnings = warnings
    }

    /// True when there are no errors (and so `config` is set).
    public var isValid: Bool { errors.isEmpty && config != nil }
}
