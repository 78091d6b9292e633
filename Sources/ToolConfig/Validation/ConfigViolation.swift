/// One problem in a config: where it is and what to do about it.
///
/// The same shape travels in CLI output, RPC statuses and the HTTP API's `violations`.
public struct ConfigViolation: Sendable, Hashable, Codable {
    /// Dotted path of the offending field (`components.api.run.port`), keys as the user wrote
    /// them; empty for problems with the document as a whole.
    public var path: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// A sentence a person can act on.
    public var message: String

    /// Creates a violation.
    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// Creates a violation at a document position.
    public init(path: String, at mark: YAMLMark, message: String) {
        self.init(path: path, line: mark.line, column: mark.column, message: message)
    }
}

extension ConfigViolation: CustomStringConvertible {
    /// `12:7: components.api.run.port: message`, the form compilers use after the file name.
    public var description: String {
        path.isEmpty ? "\(line):\(column): \(message)" : "\(line):\(column): \(path): \(message)"
    }
}
