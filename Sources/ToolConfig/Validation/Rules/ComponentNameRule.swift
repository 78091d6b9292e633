import ComponentsModel

/// Component names are DNS labels, because the kubernetes backend uses them as object names
/// and hostnames.
public enum ComponentNameRule {
    /// Longest allowed name, in UTF-8 bytes.
    public static let maxLength = DNSLabel.maxLength

    /// Why `name` is not a valid component name, or nil when it is.
    public static func problem(with name: String) -> String? {
        if name.isEmpty {
            return "a component needs a name; write a lowercase name such as `api`"
        }
        if name.utf8.count > maxLength {
            return "component name \"\(name.truncatedForMessage)\" is \(name.utf8.count) characters long; shorten it to at most \(maxLength)"
        }
        if !DNSLabel.isValid(name) {
            let suggestion = suggestedName(for: name)
            let hint = suggestion.map { ", for example \"\($0)\"" } ?? ""
            return "component name \"\(name.truncatedForMessage)\" is not a DNS label; use lowercase letters, digits and `-`, starting and ending with a letter or digit\(hint)"
        }
        return nil
    }

    /// A valid name close to `name` (lowercased, `_` and spaces turned into `-`), if one exists.
    static func suggestedName(for name: String) -> String? {
        var result = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if character == "-" || character == "_" || character == " " || character == "." {
                result.append("-")
            }
        }
        while result.hasPrefix("-") { result.removeFirst() }
        while result.hasSuffix("-") { result.removeLast() }
        guard !result.isEmpty, result.utf8.count <= maxLength, result != name else { return nil }
        return result
    }
}
