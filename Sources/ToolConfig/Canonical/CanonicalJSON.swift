/// A JSON value written one way only: object keys sorted by their UTF-8 bytes, no
/// whitespace, minimal escapes. The same value always gives the same bytes.
enum CanonicalJSON {
    case object([String: CanonicalJSON])
    case array([CanonicalJSON])
    case string(String)
    case int(Int)
    case bool(Bool)

    /// The serialised text.
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (position, key) in keys.enumerated() {
                if position > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key]?.write(to: &output)
            }
            output += "}"
        case .array(let items):
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," }
                item.write(to: &output)
            }
            output += "]"
        case .string(let text):
            Self.writeString(text, to: &output)
        case .int(let value):
            output += String(value)
        case .bool(let value):
            output += value ? "true" : "false"
        }
    }

    /// Escapes what JSON requires and also every character YAML refuses to read raw or would
    /// fold, so the canonical text parses back through libyaml unchanged.
    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                let value = scalar.value
                // YAML reads NEL, LS and PS as line breaks and folds them, so they are escaped
                // like the characters it does not accept raw at all.
                let printable = (0x20...0x7E).contains(value) || (0xA0...0xD7FF).contains(value)
                    && value != 0x2028 && value != 0x2029
                    || (0xE000...0xFFFD).contains(value) && value != 0xFEFF || value >= 0x10000
                if printable {
                    output.unicodeScalars.append(scalar)
                } else {
                    let hex = String(value, radix: 16, uppercase: true)
                    output += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                }
            }
        }
        output += "\""
    }
}
