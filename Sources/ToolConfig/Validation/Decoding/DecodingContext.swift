/// Collects every error and warning of one validation pass, and reads typed values from
/// nodes, reporting a precise message when a node has the wrong type.
struct DecodingContext {
    let options: ValidationOptions
    private(set) var errors: [ConfigViolation] = []
    private(set) var warnings: [ConfigViolation] = []

    init(options: ValidationOptions) {
        self.options = options
    }

    mutating func error(_ path: String, _ mark: YAMLMark, _ message: String) {
        errors.append(ConfigViolation(path: path, at: mark, message: message))
    }

    mutating func warning(_ path: String, _ mark: YAMLMark, _ message: String) {
        warnings.append(ConfigViolation(path: path, at: mark, message: message))
    }

    /// Text of a scalar. Plain numbers and booleans are taken as written (`ref: 1.10` is
    /// the text "1.10"); an empty value, a mapping or a list is an error.
    mutating func string(_ node: YAMLNode, _ path: String, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            error(path, node.mark, "\(what) must be text, not \(node.kindDescription); write a single value (in quotes if it contains `: ` or starts with `[`, `{`, `*`, `&`)")
            return nil
        }
        if node.isNull {
            error(path, node.mark, "\(what) has no value; write one or remove the key")
            return nil
        }
        return scalar.value
    }

    /// Like ``string(_:_:_:)`` but also refuses text that is empty or only spaces.
    mutating func nonEmptyString(_ node: YAMLNode, _ path: String, _ what: String) -> String? {
        guard let text = string(node, path, what) else { return nil }
        if text.allSatisfy(\.isWhitespace) {
            error(path, node.mark, "\(what) is empty; write a value or remove the key")
            return nil
        }
        return text
    }

    /// A whole number; quoted numbers are refused so that their type is never guessed.
    mutating func int(_ node: YAMLNode, _ path: String, _ what: String, example: String) -> Int? {
        guard let scalar = node.scalar, !node.isNull else {
            error(path, node.mark, "\(what) must be a whole number such as \(example), not \(node.kindDescription)")
            return nil
        }
        switch YAMLScalarResolver.resolve(scalar, tag: node.tag) {
        case .int(let value):
            return value
        case .string(let text) where YAMLScalarResolver.parseInt(text) != nil:
            error(path, node.mark, "\(what) must be a number, but \"\(text)\" is quoted text; remove the quotes")
        default:
            error(path, node.mark, "\(what) must be a whole number such as \(example), not \(node.kindDescription)")
        }
        return nil
    }

    /// `true` or `false`; YAML 1.1's `yes`/`no`/`on`/`off` and quoted booleans are refused
    /// with a message saying what to write.
    mutating func bool(_ node: YAMLNode, _ path: String, _ what: String) -> Bool? {
        guard let scalar = node.scalar, !node.isNull else {
            error(path, node.mark, "\(what) must be true or false, not \(node.kindDescription)")
            return nil
        }
        switch YAMLScalarResolver.resolve(scalar, tag: node.tag) {
        case .bool(let value):
            return value
        case .string(let text) where YAMLScalarResolver.parseBool(text) != nil && scalar.style != .plain:
            error(path, node.mark, "\(what) must be a boolean, but \"\(text)\" is quoted text; remove the quotes")
        case .string(let text) where ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()):
            error(path, node.mark, "\(what) must be true or false; write \(["yes", "on", "y"].contains(text.lowercased()) ? "true" : "false") instead of \(text)")
        default:
            error(path, node.mark, "\(what) must be true or false, not \(node.kindDescription)")
        }
        return nil
    }
}
