/// A problem found while reading YAML text, before its meaning is looked at.
///
/// Every message says what to change; `line` and `column` are 1-based.
public struct YAMLParseError: Error, Sendable, Hashable {
    /// What kind of problem it is, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// libyaml could not read the text.
        case syntax
        /// A tab was used where YAML needs spaces.
        case tabIndentation
        /// The same key twice in one mapping.
        case duplicateKey
        /// More than one `---` document.
        case multipleDocuments
        /// No document at all, or only an empty one.
        case emptyDocument
        /// Over ``ParseLimits/maxDocumentBytes``.
        case documentTooLarge
        /// Over ``ParseLimits/maxDepth``.
        case tooDeep
        /// Over ``ParseLimits/maxNodes`` without aliases.
        case tooManyNodes
        /// Aliases expand past ``ParseLimits/maxNodes`` or are used more than ``ParseLimits/maxAliases`` times.
        case aliasExpansion
        /// `*name` without an earlier `&name`.
        case undefinedAlias
        /// A mapping key that is not a plain value, or a bad `<<` merge.
        case unsupportedKey
        /// A `!tag` this parser does not understand.
        case unsupportedTag
        /// The text is not valid UTF-8.
        case invalidEncoding
    }

    /// What kind of problem it is.
    public var code: Code
    /// A sentence a person can act on.
    public var message: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// Dotted path of the offending key when known (duplicate keys), else empty.
    public var path: String

    /// Creates an error at a position.
    public init(_ code: Code, _ message: String, at mark: YAMLMark, path: String = "") {
        self.code = code
        self.path = path
        self.message = message
        self.line = mark.line
        self.column = mark.column
    }

    /// The position as a mark.
    public var mark: YAMLMark { YAMLMark(line: line, column: column) }
}
