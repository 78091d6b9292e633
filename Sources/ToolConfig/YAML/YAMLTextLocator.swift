/// Finds positions in raw document bytes, for errors libyaml reports by byte offset and for
/// spotting tabs in indentation.
enum YAMLTextLocator {
    /// The 1-based line and column (in characters) of a byte offset.
    static func mark(forByteOffset offset: Int, in bytes: [UInt8]) -> YAMLMark {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }

    /// The position of the first tab among the leading whitespace of a 1-based line, if any.
    static func tabInIndentation(line: Int, in bytes: [UInt8]) -> YAMLMark? {
        var current = 1
        var index = bytes.startIndex
        while current < line, index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\n") { current += 1 }
            index += 1
        }
        guard current == line else { return nil }
        var column = 1
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "\t"): return YAMLMark(line: line, column: column)
            case UInt8(ascii: " "): column += 1
            default: return nil
            }
            index += 1
        }
        return nil
    }

    /// True when the first significant character is `{` or `[`: JSON, where tabs are
    /// ordinary whitespace.
    static func startsWithFlowCollection(_ bytes: [UInt8]) -> Bool {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0xEF, 0xBB, 0xBF:
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                return true
            default:
                return false
            }
        }
        return false
    }
}
