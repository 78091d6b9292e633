/// Git ref names, checked by the rules of `git check-ref-format` (one-level names allowed)
/// plus: never starting with `-`, so a ref can never be read as a git option.
public enum GitRefRule {
    /// Why `ref` is not a valid ref name, or nil when it is.
    public static func problem(with ref: String) -> String? {
        let fix = "use a branch, tag or commit name such as `main`, `v1.2.0` or a commit hash"
        if ref.isEmpty { return "ref is empty; \(fix)" }
        if ref.hasPrefix("-") { return "ref \"\(ref.truncatedForMessage)\" starts with `-`, which git would read as an option; \(fix)" }
        if ref == "@" { return "ref \"@\" is not allowed; \(fix)" }
        for scalar in ref.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
            return "ref contains a control character; \(fix)"
        }
        for forbidden in [" ", "~", "^", ":", "?", "*", "[", "\\"] where ref.contains(forbidden) {
            return "ref \"\(ref.truncatedForMessage)\" contains `\(forbidden)`, which git does not allow in ref names; \(fix)"
        }
        if ref.contains("..") { return "ref \"\(ref.truncatedForMessage)\" contains `..`; \(fix)" }
        if ref.contains("@{") { return "ref \"\(ref.truncatedForMessage)\" contains `@{`; \(fix)" }
        if ref.hasPrefix("/") || ref.hasSuffix("/") || ref.contains("//") {
            return "ref \"\(ref.truncatedForMessage)\" has an empty part between slashes; remove the extra `/`"
        }
        if ref.hasSuffix(".") { return "ref \"\(ref.truncatedForMessage)\" ends with `.`; \(fix)" }
        for part in ref.split(separator: "/") {
            if part.hasPrefix(".") { return "ref \"\(ref.truncatedForMessage)\" has a part starting with `.`; \(fix)" }
            if part.hasSuffix(".lock") { return "ref \"\(ref.truncatedForMessage)\" has a part ending with `.lock`; \(fix)" }
        }
        return nil
    }
}
