/// A position in a YAML or JSON document, both 1-based, as people and editors count.
public struct YAMLMark: Sendable, Hashable, Codable {
    /// Line number, starting at 1.
    public var line: Int
    /// Column number in characters, starting at 1.
    public var column: Int

    /// Creates a mark; pass 1-based numbers.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a document, used where no better position exists.
    public static let start = YAMLMark(line: 1, column: 1)
}

/// How a scalar was written. Only plain scalars are resolved to numbers, booleans and null,
/// so `port: "5000"` stays a string and can be reported as one.
public enum YAMLScalarStyle: Sendable, Hashable {
    /// Unquoted.
    case plain
    /// `'single quoted'`.
    case singleQuoted
    /// `"double quoted"`.
    case doubleQuoted
    /// `|` block.
    case literal
    /// `>` block.
    case folded
}

/// A scalar's text and how it was written.
public struct YAMLScalar: Sendable, Hashable {
    /// The scalar's text after unescaping and folding.
    public var value: String
    /// How it was written.
    public var style: YAMLScalarStyle

    /// Creates a scalar.
    public init(value: String, style: YAMLScalarStyle) {
        self.value = value
        self.style = style
    }
}

/// One `key: value` pair of a mapping, in document order.
public struct YAMLMappingEntry: Sendable, Hashable {
    /// The key node; always a scalar in trees built by ``YAMLParser``.
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A node of a parsed YAML document, keeping where it was written.
public struct YAMLNode: Sendable, Hashable {
    /// What the node holds.
    public enum Kind: Sendable, Hashable {
        /// A single value.
        case scalar(YAMLScalar)
        /// Key/value pairs in document order; keys are unique.
        case mapping([YAMLMappingEntry])
        /// A list.
        case sequence([YAMLNode])
    }

    /// What the node holds.
    public var kind: Kind
    /// Where the node starts.
    public var mark: YAMLMark
    /// The explicit tag (`!!str` arrives as `tag:yaml.org,2002:str`), or nil when untagged.
    public var tag: String?

    /// Creates a node.
    public init(_ kind: Kind, mark: YAMLMark, tag: String? = nil) {
        self.kind = kind
        self.mark = mark
        self.tag = tag
    }

    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The entries, if this node is a mapping.
    public var mappingEntries: [YAMLMappingEntry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The items, if this node is a sequence.
    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// True for `~`, `null`, `Null`, `NULL` and an empty plain scalar (`key:` with no value).
    public var isNull: Bool {
        guard let scalar, scalar.style == .plain, tag == nil || tag == YAMLTag.null else { return false }
        return YAMLScalarResolver.isNull(scalar.value)
    }

    /// What a person would call this node in a message: `a mapping`, `a list`, `the number 5`.
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if isNull { return "an empty value" }
            switch YAMLScalarResolver.resolve(scalar, tag: tag) {
            case .null: return "an empty value"
            case .bool(let value): return "the boolean \(value)"
            case .int(let value): return "the number \(value)"
            case .float: return "the number \(scalar.value)"
            case .string(let value): return "the string \"\(value.truncatedForMessage)\""
            }
        }
    }
}

extension String {
    /// The string cut to a length that keeps one-line messages readable.
    var truncatedForMessage: String {
        count <= 60 ? self : String(prefix(57)) + "..."
    }
}
