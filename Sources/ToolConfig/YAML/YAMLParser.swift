// The one file of ToolConfig that talks to libyaml: it converts libyaml's events and errors
// into Swift values and leaves tree building to YAMLTreeBuilder.
import CYAML

/// A parsed YAML (or JSON) document: its root node and problems that did not stop parsing.
public struct YAMLDocument: Sendable, Hashable {
    /// The root node; never a null scalar (an empty document is an error).
    public var root: YAMLNode
    /// Recoverable problems such as duplicate keys (the first occurrence is kept).
    public var issues: [YAMLParseError]
}

/// Parses YAML 1.1/1.2 and JSON text with libyaml's event API into a ``YAMLNode`` tree.
public enum YAMLParser {
    /// Parses one document.
    ///
    /// - Throws: ``YAMLParseError`` for text that cannot be read, several documents, an empty
    ///   document, or text over one of the `limits`.
    public static func parse(_ text: String, limits: ParseLimits = ParseLimits()) throws(YAMLParseError) -> YAMLDocument {
        let bytes = Array(text.utf8)
        if bytes.count > limits.maxDocumentBytes {
            throw YAMLParseError(.documentTooLarge,
                "the document is larger than the limit of \(limits.maxDocumentBytes) bytes; a tool config is much smaller, remove what is not needed",
                at: .start)
        }
        guard !bytes.isEmpty else { throw emptyDocument }

        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLParseError(.syntax, "the YAML parser could not start (out of memory?); try again", at: .start)
        }
        defer { yaml_parser_delete(&parser) }

        var builder = YAMLTreeBuilder(limits: limits)
        try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLParseError) -> Void in
            guard let base = buffer.baseAddress else { return }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw error(from: parser, bytes: bytes)
                }
                if event.type == YAML_STREAM_END_EVENT {
                    yaml_event_delete(&event)
                    return
                }
                let converted = convert(event)
                yaml_event_delete(&event)
                if let converted { try builder.handle(converted) }
            }
        }
        guard let root = builder.root, !root.isNull else { throw emptyDocument }
        return YAMLDocument(root: root, issues: builder.issues)
    }

    private static var emptyDocument: YAMLParseError {
        YAMLParseError(.emptyDocument,
            "the document is empty; write a config such as `config-version: v0.1` and a `components:` mapping",
            at: .start)
    }

    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafePointer($0)) }
    }

    private static func convert(_ event: yaml_event_t) -> YAMLEvent? {
        let at = mark(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(at)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(anchor: string(data.anchor), tag: string(data.tag), mark: at)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(anchor: string(data.anchor), tag: string(data.tag), mark: at)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: Int(data.length)), as: UTF8.self)
            } ?? ""
            let style: YAMLScalarStyle
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            return .scalar(YAMLScalar(value: value, style: style), anchor: string(data.anchor),
                           tag: string(data.tag), mark: at)
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", mark: at)
        default:
            return nil
        }
    }

    private static func error(from parser: yaml_parser_t, bytes: [UInt8]) -> YAMLParseError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable text"
        if parser.error == YAML_READER_ERROR {
            let at = YAMLTextLocator.mark(forByteOffset: Int(parser.problem_offset), in: bytes)
            if problem.contains("UTF-8") || problem.contains("utf-8") || problem.contains("invalid") {
                return YAMLParseError(.invalidEncoding,
                    "the file is not valid UTF-8 (\(problem)); save it as UTF-8 text", at: at)
            }
            return YAMLParseError(.syntax,
                "the text contains a character YAML does not allow (\(problem)); remove it or write it as an escape in a double-quoted string",
                at: at)
        }
        let at = mark(parser.problem_mark)
        let looksLikeJSON = YAMLTextLocator.startsWithFlowCollection(bytes)
        if !looksLikeJSON, let tab = YAMLTextLocator.tabInIndentation(line: at.line, in: bytes) {
            return YAMLParseError(.tabIndentation, YAMLSyntaxAdvice.tabMessage, at: tab)
        }
        if problem.contains("tab") {
            return YAMLParseError(.tabIndentation, YAMLSyntaxAdvice.tabMessage, at: at)
        }
        return YAMLParseError(.syntax, YAMLSyntaxAdvice.message(for: problem), at: at)
    }
}
