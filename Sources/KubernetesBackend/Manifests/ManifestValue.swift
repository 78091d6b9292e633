/// The value of a field in a Kubernetes object: the JSON data model, which is all a manifest
/// needs. Objects keep their keys in a dictionary; the emitters sort them, so output is stable.
public enum ManifestValue: Sendable, Hashable {
    /// A string.
    case string(String)
    /// An integer.
    case int(Int)
    /// `true` or `false`.
    case bool(Bool)
    /// A list.
    case array([ManifestValue])
    /// A map from field names to values.
    case object([String: ManifestValue])

    /// The value at `key` of an object, nil for other values or a missing key.
    public subscript(key: String) -> ManifestValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value with `transform` applied to the object at `path` (created when missing).
    public func updating(_ path: [String], _ transform: (inout [String: ManifestValue]) -> Void) -> ManifestValue {
        guard case .object(var fields) = self else { return self }
        guard let first = path.first else {
            transform(&fields)
            return .object(fields)
        }
        fields[first] = (fields[first] ?? .object([:])).updating(Array(path.dropFirst()), transform)
        return .object(fields)
    }
}

extension ManifestValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer value.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A list value.
    public init(arrayLiteral elements: ManifestValue...) { self = .array(elements) }
    /// An object value; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, ManifestValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension Dictionary where Key == String, Value == String {
    /// The map as an object value (labels, selectors).
    var manifestValue: ManifestValue { .object(mapValues { .string($0) }) }
}
