/// Turns libyaml's terse problem descriptions into messages that say what to change.
enum YAMLSyntaxAdvice {
    static let tabMessage =
        "a tab is used for indentation; YAML indentation must be spaces, replace the tab with spaces"

    private static let advice: [(fragment: String, message: String)] = [
        ("mapping values are not allowed",
         "a `: ` appears inside a value; quote the value if it contains `: `, or fix the indentation of this line"),
        ("did not find expected key",
         "this line is not indented like the keys around it; align the keys of one mapping at the same column"),
        ("did not find expected ',' or ']'",
         "a [list] is not closed; add the missing `,` or `]`"),
        ("did not find expected ',' or '}'",
         "a {mapping} is not closed; add the missing `,` or `}`"),
        ("could not find expected ':'",
         "a key is missing its `:` (or a value runs over several lines); add `: ` after the key or quote the value"),
        ("block sequence entries are not allowed",
         "a `- ` list item appears where a single value was expected; start the list on the next line, indented"),
        ("found unexpected end of stream",
         "the file ends inside a quoted string or an open bracket; close it"),
        ("found character that cannot start any token",
         "a value starts with a character YAML reserves (such as `@`, `` ` `` or `%`); put the value in quotes"),
        ("found undefined tag handle",
         "a `!tag` is not defined; remove it or quote the value"),
        ("did not find expected node content",
         "a value is missing or starts with a reserved character; write the value or put it in quotes"),
        ("did not find expected <document start>",
         "text follows the document's end; remove it or start a new line at column 1 only for top-level keys"),
        ("found unknown escape character",
         "a double-quoted string has an unknown `\\` escape; write `\\\\` for a backslash or use single quotes"),
        ("did not find expected alphabetic or numeric character",
         "an `&anchor` or `*alias` name is missing or malformed; name it with letters and digits"),
        ("found a duplicate %YAML directive",
         "the `%YAML` directive appears twice; keep one"),
    ]

    /// The message for a libyaml problem string.
    static func message(for problem: String) -> String {
        for entry in advice where problem.contains(entry.fragment) {
            return entry.message + " (YAML: \(problem))"
        }
        return "YAML syntax error: \(problem); check the indentation and quoting around here"
    }
}
