/// Reads the fields of one mapping by a ``FieldSchema``: finds each field under any of its
/// spellings, reports two spellings of one field as an error, and unknown keys as warnings
/// with a suggestion.
struct MappingReader {
    private struct Found {
        var key: YAMLNode
        var value: YAMLNode
        var written: String
    }

    /// Path of the mapping itself.
    let path: String
    /// Where to point when a required field is missing: the key that owns this mapping.
    let ownerMark: YAMLMark
    private var found: [String: Found] = [:]

    /// Reads `node`, or reports that it is not a mapping and returns nil.
    ///
    /// - Parameter elsewhere: fields of neighbouring mappings with the path they belong
    ///   under, so a misplaced key gets "move it to ..." instead of a bare "unknown".
    init?(_ node: YAMLNode, path: String, ownerMark: YAMLMark, schema: FieldSchema,
          elsewhere: [(path: String, schema: FieldSchema)] = [], context: inout DecodingContext) {
        self.path = path
        self.ownerMark = ownerMark
        guard let entries = node.mappingEntries else {
            let what = path.isEmpty ? "the document" : String(path.split(separator: ".").last ?? "")
            context.error(path, node.mark,
                "\(what) must be a mapping of fields (\(schema.fields.prefix(4).joined(separator: ", ")), ...), not \(node.kindDescription)\(Self.hint(for: node, schema: schema))")
            return nil
        }
        for entry in entries {
            let written = entry.key.scalar?.value ?? ""
            let keyPath = ConfigPath.join(path, written)
            guard let field = schema.field(for: written) else {
                Self.reportUnknown(written, at: entry.key.mark, path: keyPath, schema: schema,
                                   elsewhere: elsewhere, value: entry.value, context: &context)
                continue
            }
            // Upstream's `port: null` means the field is left out.
            if schema.nullable.contains(field), entry.value.isNull { continue }
            if let prior = found[field] {
                context.error(keyPath, entry.key.mark,
                    "\"\(written)\" and \"\(prior.written)\" (line \(prior.key.mark.line)) are two spellings of the same field; keep one")
                continue
            }
            found[field] = Found(key: entry.key, value: entry.value, written: written)
        }
    }

    /// The value of a field, under whichever spelling was used.
    func node(_ field: String) -> YAMLNode? { found[field]?.value }

    /// The key node of a field, for errors about the field as a whole.
    func keyMark(_ field: String) -> YAMLMark? { found[field]?.key.mark }

    /// The path of a field, in the spelling the user wrote (ours when absent).
    func path(_ field: String) -> String { ConfigPath.join(path, found[field]?.written ?? field) }

    /// The key as the user spelled it (ours when absent).
    func written(_ field: String) -> String { found[field]?.written ?? field }

    /// True when the field is present with a non-empty value.
    func has(_ field: String) -> Bool {
        guard let node = found[field]?.value else { return false }
        return !node.isNull
    }

    /// A rewrite for the common slip of giving a single value where a mapping belongs.
    private static func hint(for node: YAMLNode, schema: FieldSchema) -> String {
        guard let value = node.scalar?.value, !node.isNull else { return "" }
        if schema.section == FieldSchema.build.section, value.contains("://") {
            return "; write build: {repository: \(value.truncatedForMessage)}"
        }
        if schema.section == FieldSchema.run.section {
            return "; write run: {command: \(value.truncatedForMessage)}"
        }
        return ""
    }

    private static func reportUnknown(_ key: String, at mark: YAMLMark, path: String, schema: FieldSchema,
                                      elsewhere: [(path: String, schema: FieldSchema)], value: YAMLNode,
                                      context: inout DecodingContext) {
        for other in elsewhere where other.schema.field(for: key) != nil {
            context.warning(path, mark,
                "unknown field \"\(key)\" at \(path); it belongs under \(other.schema.section): move it to \(ConfigPath.join(other.path, key))")
            return
        }
        if let suggestion = FieldSuggester.suggestion(for: key, among: schema.fields) {
            context.warning(path, mark, "unknown field \"\(key)\" at \(path), did you mean \"\(suggestion)\"?")
            return
        }
        if schema.section == FieldSchema.root.section, let entries = value.mappingEntries,
           entries.contains(where: { FieldSchema.component.field(for: $0.key.scalar?.value ?? "") != nil }) {
            context.warning(path, mark,
                "unknown field \"\(key)\" at the top level; it looks like a component: move it under components:")
            return
        }
        context.warning(path, mark,
            "unknown field \"\(key)\" at \(path) is ignored; remove it (fields of \(schema.section): \(schema.fields.joined(separator: ", ")))")
    }
}
