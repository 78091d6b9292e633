/// An amount of memory as a config or an operator writes it (`512Mi`, `1.5Gi`, `100M`, plain
/// bytes) together with its value in bytes.
public struct MemoryQuantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The text as written, used in messages ("out of memory (limit 512Mi)").
    public let text: String
    /// The amount in bytes, rounded down.
    public let bytes: UInt64

    private static let multipliers: [(suffix: String, factor: UInt64)] = [
        ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40),
        ("K", 1_000), ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
    ]

    /// Parses `text`; nil when it is not a positive amount (``ResourceQuantityRule/isValidMemory(_:)``),
    /// rounds to zero bytes, or does not fit in 64 bits.
    public init?(_ text: String) {
        guard ResourceQuantityRule.isValidMemory(text) else { return nil }
        var number = Substring(text)
        var factor: UInt64 = 1
        if let unit = Self.multipliers.first(where: { text.hasSuffix($0.suffix) }) {
            number = number.dropLast(unit.suffix.count)
            factor = unit.factor
        }
        guard let bytes = DecimalScaling.scale(number, by: factor), bytes > 0 else { return nil }
        self.text = text
        self.bytes = bytes
    }

    /// An amount of `bytes`, written in the largest binary unit that divides it.
    public init(bytes: UInt64) {
        self.bytes = bytes
        let unit = Self.multipliers.prefix(4).reversed().first { bytes >= $0.factor && bytes % $0.factor == 0 }
        text = unit.map { "\(bytes / $0.factor)\($0.suffix)" } ?? "\(bytes)"
    }

    public static func < (lhs: MemoryQuantity, rhs: MemoryQuantity) -> Bool { lhs.bytes < rhs.bytes }

    /// The text as written.
    public var description: String { text }
}

/// Turns a decimal such as `1.5` times a whole factor into a whole number, rounding down,
/// without floating point (which would make `0.1Gi` a byte short).
enum DecimalScaling {
    /// `number` × `factor`, or nil for a malformed number or an overflow.
    static func scale(_ number: Substring, by factor: UInt64) -> UInt64? {
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = UInt64(parts[0]) else { return nil }
        let (product, overflow) = whole.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        guard parts.count == 2 else { return product }
        // Digits past the 18th cannot change a result that fits in 64 bits by more than one.
        let fraction = parts[1].prefix(18)
        guard let numerator = UInt64(fraction) else { return nil }
        var denominator: UInt64 = 1
        for _ in fraction { denominator *= 10 }
        let part = numerator.multipliedFullWidth(by: factor)
        let (quotient, _) = denominator.dividingFullWidth(part)
        let (sum, sumOverflow) = product.addingReportingOverflow(quotient)
        return sumOverflow ? nil : sum
    }
}
