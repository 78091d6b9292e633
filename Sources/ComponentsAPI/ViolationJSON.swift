/// One problem in a config, as the API shows it: `{"path", "line", "column", "message"}`.
public struct ViolationJSON: Codable, Sendable, Hashable {
    /// Dotted path of the field (`components.api.run.port`); empty for the whole document.
    public var path: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates a violation.
    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path: message (line L, column C)`, the form of `messages.warning` and
    /// `messages.error` lines.
    public var sentence: String {
        let text = path.isEmpty ? message : "\(path): \(message)"
        return line > 0 ? "\(text) (line \(line), column \(column))" : text
    }
}
