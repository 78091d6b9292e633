/// The entry point: text in, validated config (or every problem) out.
///
/// ```swift
/// let result = ToolConfigParser.parse(yaml, options: ValidationOptions(allowLocalRepositories: true))
/// if let config = result.config { ... } else { show(result.errors) }
/// ```
public enum ToolConfigParser {
    /// Parses and validates a YAML or JSON tool config, collecting all errors and warnings in
    /// one pass. Never throws: every problem becomes a ``ConfigViolation``.
    public static func parse(_ text: String, options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        var context = DecodingContext(options: options)
        let document: YAMLDocument
        do {
            document = try YAMLParser.parse(text, limits: options.limits)
        } catch {
            context.error(error.path, error.mark, error.message)
            return ValidationResult(config: nil, errors: context.errors, warnings: [])
        }
        for issue in document.issues {
            context.error(issue.path, issue.mark, issue.message)
        }
        let config = ConfigDecoder.decode(document.root, context: &context)
        let errors = sortedByPosition(context.errors)
        return ValidationResult(config: errors.isEmpty ? config : nil, errors: errors,
                                warnings: sortedByPosition(context.warnings))
    }

    /// Parses and validates raw bytes, refusing text that is not UTF-8 with a clear error.
    public static func parse(bytes: [UInt8], options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        if bytes.count > options.limits.maxDocumentBytes {
            let violation = ConfigViolation(path: "", at: .start,
                message: "the document is larger than the limit of \(options.limits.maxDocumentBytes) bytes; a tool config is much smaller, remove what is not needed")
            return ValidationResult(config: nil, errors: [violation], warnings: [])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let violation = ConfigViolation(path: "", at: .start,
                message: "the file is not valid UTF-8 text; save it as UTF-8")
            return ValidationResult(config: nil, errors: [violation], warnings: [])
        }
        return parse(text, options: options)
    }

    /// Document order, so output reads top to bottom like a compiler's; the sort is stable.
    private static func sortedByPosition(_ violations: [ConfigViolation]) -> [ConfigViolation] {
        violations.enumerated().sorted {
            ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
        }.map(\.element)
    }
}
