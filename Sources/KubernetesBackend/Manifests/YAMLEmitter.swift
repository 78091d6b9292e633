/// Writes ``ManifestValue``s as block YAML with keys sorted, so the same objects always give
/// the same bytes (CI diffs, GitOps). The shape is small (maps, lists, strings, integers,
/// booleans), so a hand-written emitter is shorter than binding libyaml's emitter and its
/// quoting is easy to see: a string is written plain only when it is made of safe characters
/// and YAML 1.1 or 1.2 would not read it as anything but a string; otherwise it is
/// double-quoted with escapes for every character outside the printable set.
public enum YAMLEmitter {
    /// One document, ending with a newline.
    public static func document(_ value: ManifestValue) -> String {
        var output = ""
        switch value {
        case .object(let fields) where !fields.isEmpty:
            writeObject(fields, indent: 0, into: &output)
        case .array(let items) where !items.isEmpty:
            writeArray(items, indent: 0, into: &output)
        default:
            output = inline(value) + "\n"
        }
        return output
    }

    /// Documents joined into one multi-document stream.
    public static func stream(_ values: [ManifestValue]) -> String {
        values.map { "---\n" + document($0) }.joined()
    }

    private static func writeObject(_ fields: [String: ManifestValue], indent: Int, into output: inout String) {
        let pad = String(repeating: " ", count: indent)
        for key in fields.keys.sorted() {
            guard let value = fields[key] else { continue }
            output += pad + scalar(key) + ":"
            writeNested(value, indent: indent, into: &output)
        }
    }

    private static func writeArray(_ items: [ManifestValue], indent: Int, into output: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .object(let fields) where !fields.isEmpty:
                // The first key goes on the dash's line; the rest align under it.
                var nested = ""
                writeObject(fields, indent: indent + 2, into: &nested)
                output += pad + "- " + nested.dropFirst(indent + 2)
            case .array(let inner) where !inner.isEmpty:
                output += pad + "-\n"
                writeArray(inner, indent: indent + 2, into: &output)
            default:
                output += pad + "- " + inline(item) + "\n"
            }
        }
    }

    private static func writeNested(_ value: ManifestValue, indent: Int, into output: inout String) {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            output += "\n"
            writeObject(fields, indent: indent + 2, into: &output)
        case .array(let items) where !items.isEmpty:
            output += "\n"
            writeArray(items, indent: indent, into: &output)
        default:
            output += " " + inline(value) + "\n"
        }
    }

    private static func inline(_ value: ManifestValue) -> String {
        switch value {
        case .string(let text): return scalar(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// Words YAML 1.1 reads as booleans or null; numbers are caught by their first character.
    private static let reserved: Set<String> = ["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"]

    /// `text` plain when that is unambiguous, else double-quoted.
    public static func scalar(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy(isPlainSafe)
            && !reserved.contains(text.lowercased())
            && !(text.unicodeScalars.first.map { "0123456789-+.".unicodeScalars.contains($0) } ?? true)
        return safe ? text : quoted(text)
    }

    private static func isPlainSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/": return true
        default: return false
        }
    }

    /// A double-quoted scalar; YAML's escapes are JSON's plus `\xXX` and friends.
    public static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            default:
                if isPrintable(scalar) {
                    output.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    output += "\\x" + hex(scalar.value, width: 2)
                } else {
                    output += "\\u" + hex(scalar.value, width: 4)
                }
            }
        }
        return output + "\""
    }

    /// YAML's printable set, less the line and paragraph separators, the byte order mark and
    /// NEL, which readers treat as breaks or strip.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return true
        case 0xA0...0xD7FF: return scalar.value != 0x2028 && scalar.value != 0x2029
        case 0xE000...0xFFFD: return scalar.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
