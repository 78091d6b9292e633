/// A DNS label (RFC 1123): 1 to 63 bytes of `a`–`z`, `0`–`9` and `-`, not starting or ending
/// with `-`. Tool and component names are DNS labels, because backends use them as hostnames
/// and object names; this is the one place that says what a valid one is.
public struct DNSLabel: Sendable, Hashable, CustomStringConvertible {
    /// The longest label, in UTF-8 bytes.
    public static let maxLength = 63
    /// The rule in words, for error messages.
    public static let rule = "use 1 to 63 lower-case letters, digits and '-', not starting or ending with '-'"

    /// The label.
    public let value: String

    /// The label, or nil when `value` is not one.
    public init?(_ value: String) {
        guard Self.isValid(value) else { return nil }
        self.value = value
    }

    /// Whether `value` is a DNS label. Lengths count UTF-8 bytes, as DNS does.
    public static func isValid(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last, bytes.count <= maxLength else { return false }
        return first != UInt8(ascii: "-") && last != UInt8(ascii: "-") && bytes.allSatisfy(isAllowed)
    }

    /// Why `value` is not a valid name of a `kind` ("tool"), or nil when it is one.
    public static func problem(with value: String, naming kind: String) -> String? {
        guard !isValid(value) else { return nil }
        let shown = value.count > 80 ? String(value.prefix(80)) + "…" : value
        return "\"\(shown)\" is not a valid \(kind) name: \(rule)"
    }

    /// The label.
    public var description: String { value }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
    }
}
