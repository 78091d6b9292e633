/// Decodes a whole document into a ``ToolConfiguration``, collecting every problem.
enum ConfigDecoder {
    /// Version spellings people write and the version they mean; seed 000 writes `0.1`.
    static let versionSpellings: [String: String] = ["v0.1": "v0.1", "0.1": "v0.1", "v1beta1": "v1beta1"]

    static func decode(_ root: YAMLNode, context: inout DecodingContext) -> ToolConfiguration? {
        guard root.mappingEntries != nil else {
            context.error("", root.mark,
                "the document must be a mapping with config-version and components, not \(root.kindDescription)")
            return nil
        }
        guard let reader = MappingReader(root, path: "", ownerMark: root.mark, schema: .root, context: &context) else {
            return nil
        }
        let version = decodeVersion(reader, context: &context)
        let sourceURL = decodeSourceURL(reader, context: &context)
        if context.options.fetchesSourceURL, reader.node("source-url")?.isNull == false {
            // A pointer whose URL is refused: the components it would fetch are not missing.
            guard let sourceURL else { return nil }
            return pointer(to: sourceURL, version: version, reader: reader, context: &context)
        }

        guard let componentsNode = reader.node("components"), !componentsNode.isNull else {
            context.error(reader.path("components"), reader.keyMark("components") ?? root.mark,
                "the config has no components; add a components: mapping with at least one component")
            return nil
        }
        guard let entries = componentsNode.mappingEntries else {
            context.error(reader.path("components"), componentsNode.mark,
                "components must be a mapping from component name to its settings, not \(componentsNode.kindDescription)")
            return nil
        }
        if entries.isEmpty {
            context.error(reader.path("components"), componentsNode.mark,
                "components is empty; add at least one component (to remove everything, delete the config instead)")
            return nil
        }
        let limit = context.options.limits.maxComponents
        if entries.count > limit {
            context.error(reader.path("components"), reader.keyMark("components") ?? componentsNode.mark,
                "the config has \(entries.count) components, more than the limit of \(limit); split the tool or remove components")
            return nil
        }

        var drafts: [ComponentDraft] = []
        for entry in entries {
            let name = entry.key.scalar?.value ?? ""
            drafts.append(ComponentDecoder.decode(name: name, key: entry.key, value: entry.value, context: &context))
        }
        ReferenceRules.check(drafts, context: &context)
        let autoDeploy = AutoDeployDecoder.decode(reader, context: &context)

        guard context.errors.isEmpty, let version else { return nil }
        var components: [String: Component] = [:]
        for draft in drafts {
            guard let component = draft.component else { return nil }
            components[draft.name] = component
        }
        return ToolConfiguration(configVersion: version, components: components, autoDeploy: autoDeploy, sourceURL: sourceURL).normalized()
    }

    /// `source-url` when it is set and fetchable under the options' repository policy.
    private static func decodeSourceURL(_ reader: MappingReader, context: inout DecodingContext) -> String? {
        guard let node = reader.node("source-url"), !node.isNull,
              let url = context.nonEmptyString(node, reader.path("source-url"), "source-url") else { return nil }
        if let problem = SourceURLRule.problem(with: url, allowPrivate: context.options.allowPrivateRepositories,
                                               allowInsecure: context.options.allowInsecureRepositories) {
            context.error(reader.path("source-url"), node.mark, problem)
            return nil
        }
        return url
    }

    /// A user's document that names `source-url`: upstream ignores everything else in it and
    /// fetches the config from the URL, so every other field is reported as ignored.
    private static func pointer(to sourceURL: String, version: String?, reader: MappingReader,
                                context: inout DecodingContext) -> ToolConfiguration? {
        for field in ["components", "auto-deploy"] where reader.node(field) != nil {
            if let mark = reader.keyMark(field) {
                context.warning(reader.path(field), mark,
                    "\(reader.written(field)) is ignored: source_url is set, so the config is fetched from \(sourceURL.truncatedForMessage) instead, at `config create` and at every deployment")
            }
        }
        guard context.errors.isEmpty, let version else { return nil }
        return ToolConfiguration(configVersion: version, sourceURL: sourceURL)
    }

    private static func decodeVersion(_ reader: MappingReader, context: inout DecodingContext) -> String? {
        // Left out or null (upstream's spelling of "the newest"), it is the newest.
        guard let node = reader.node("config-version"), !node.isNull else { return ToolConfiguration.newestVersion }
        let supported = ToolConfiguration.supportedVersions.joined(separator: ", ")
        guard let text = context.string(node, reader.path("config-version"), "config-version") else { return nil }
        if let version = versionSpellings[text] { return version }
        context.error(reader.path("config-version"), node.mark,
            "config-version \"\(text.truncatedForMessage)\" is not supported; use one of: \(supported) (or leave it out for the newest)")
        return nil
    }
}
