/// An amount of CPU as a config or an operator writes it (`0.5`, `2`, `500m`), with its value
/// in millicores (a thousandth of one CPU).
public struct CPUQuantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The text as written.
    public let text: String
    /// The amount in thousandths of a CPU, rounded down; at least 1.
    public let millicores: UInt64

    /// Parses `text`; nil when it is not a positive amount (``ResourceQuantityRule/isValidCPU(_:)``),
    /// is less than a millicore, or does not fit in 64 bits.
    public init?(_ text: String) {
        guard ResourceQuantityRule.isValidCPU(text) else { return nil }
        let millicores = text.hasSuffix("m") ? UInt64(text.dropLast()) : DecimalScaling.scale(Substring(text), by: 1_000)
        guard let millicores, millicores > 0 else { return nil }
        self.text = text
        self.millicores = millicores
    }

    /// An amount of `millicores`, written `2` for whole CPUs and `500m` otherwise.
    public init(millicores: UInt64) {
        self.millicores = max(millicores, 1)
        text = self.millicores % 1_000 == 0 ? "\(self.millicores / 1_000)" : "\(self.millicores)m"
    }

    public static func < (lhs: CPUQuantity, rhs: CPUQuantity) -> Bool { lhs.millicores < rhs.millicores }

    /// The text as written.
    public var description: String { text }
}
