/// Tags of the YAML core schema, as libyaml reports `!!str` and friends.
public enum YAMLTag {
    /// `!!str`.
    public static let str = "tag:yaml.org,2002:str"
    /// `!!int`.
    public static let int = "tag:yaml.org,2002:int"
    /// `!!float`.
    public static let float = "tag:yaml.org,2002:float"
    /// `!!bool`.
    public static let bool = "tag:yaml.org,2002:bool"
    /// `!!null`.
    public static let null = "tag:yaml.org,2002:null"
    /// `!!map`.
    public static let map = "tag:yaml.org,2002:map"
    /// `!!seq`.
    public static let seq = "tag:yaml.org,2002:seq"
    /// The tags this parser understands; others are refused so nothing is silently misread.
    public static let known: Set<String> = [str, int, float, bool, null, map, seq, "!"]
}

/// The typed value a scalar stands for under the YAML 1.2 core schema.
public enum YAMLScalarValue: Sendable, Hashable {
    /// `~`, `null` or empty.
    case null
    /// `true` / `false` (YAML 1.1's `yes`/`no`/`on`/`off` stay strings).
    case bool(Bool)
    /// A decimal, `0x` or `0o` integer that fits in `Int`.
    case int(Int)
    /// A floating-point number.
    case float(Double)
    /// Anything else, and every quoted or block scalar.
    case string(String)
}

/// Resolves scalars by the YAML 1.2 core schema (which JSON also satisfies). Only plain,
/// untagged scalars are resolved; quoted ones are always strings.
public enum YAMLScalarResolver {
    /// Resolves a scalar written with the given explicit tag (nil when untagged).
    public static func resolve(_ scalar: YAMLScalar, tag: String?) -> YAMLScalarValue {
        let text = scalar.value
        switch tag {
        case YAMLTag.str?, "!"?:
            return .string(text)
        case YAMLTag.int?:
            return parseInt(text).map(YAMLScalarValue.int) ?? .string(text)
        case YAMLTag.float?:
            return parseFloat(text).map(YAMLScalarValue.float) ?? parseInt(text).map { .float(Double($0)) } ?? .string(text)
        case YAMLTag.bool?:
            return parseBool(text).map(YAMLScalarValue.bool) ?? .string(text)
        case YAMLTag.null?:
            return .null
        default:
            break
        }
        guard scalar.style == .plain else { return .string(text) }
        if isNull(text) { return .null }
        if let value = parseBool(text) { return .bool(value) }
        if let value = parseInt(text) { return .int(value) }
        if let value = parseFloat(text) { return .float(value) }
        return .string(text)
    }

    /// True for the core schema's null spellings.
    public static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// The core schema's booleans.
    public static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// `[-+]?[0-9]+`, `0x[0-9a-fA-F]+`, `0o[0-7]+`; nil when it is not one or overflows.
    public static func parseInt(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text.first == "+" ? String(text.dropFirst()) : text)
    }

    /// Core schema floats, including `.inf` and `.nan`.
    public static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // Require a digit so that words Double(_:) accepts ("infinity", "nan") stay strings.
        guard text.contains(where: { $0.isASCII && $0.isNumber }),
              text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Double(text)
    }
}
