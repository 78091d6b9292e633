/// Decodes one entry of `components:`: its name, type, build, run and wait-for.
enum ComponentDecoder {
    static func decode(name: String, key: YAMLNode, value: YAMLNode, context: inout DecodingContext) -> ComponentDraft {
        let path = ConfigPath.join("components", name)
        var draft = ComponentDraft(name: name, keyMark: key.mark, path: path)
        if let problem = ComponentNameRule.problem(with: name) {
            context.error(path, key.mark, problem)
        }
        if value.isNull {
            context.error(path, key.mark,
                "component \"\(name)\" has no fields; add at least type and build (see the example in the docs)")
            return draft
        }
        guard let reader = MappingReader(
            value, path: path, ownerMark: key.mark, schema: .component,
            elsewhere: [(ConfigPath.join(path, "run"), .run), (ConfigPath.join(path, "build"), .build)],
            context: &context)
        else { return draft }

        if let node = reader.node("description") {
            draft.description = context.string(node, reader.path("description"), "description")
        }
        draft.type = decodeType(reader, context: &context)

        if let node = reader.node("build"), !node.isNull {
            let decoded = BuildSpecDecoder.decode(node, path: reader.path("build"), componentPath: path,
                                                  ownerMark: reader.keyMark("build") ?? key.mark, context: &context)
            draft.build = decoded.spec
            draft.buildSource = decoded.source
        } else {
            context.error(reader.path("build"), reader.keyMark("build") ?? key.mark,
                "component \"\(name)\" needs a build: add build with repository: URL, reuse-from: COMPONENT or image: NAME")
        }

        let runDecoder = RunSpecDecoder(type: draft.type, componentPath: path,
                                        ownerMark: reader.keyMark("run") ?? key.mark)
        if let node = reader.node("run"), !node.isNull {
            draft.run = runDecoder.decode(node, path: reader.path("run"), context: &context)
        } else {
            draft.run = runDecoder.decodeMissing(path: reader.path("run"), context: &context)
        }

        if let node = reader.node("wait-for"), !node.isNull {
            draft.waitFor = decodeWaitFor(node, path: reader.path("wait-for"), context: &context)
        }
        return draft
    }

    private static func decodeType(_ reader: MappingReader, context: inout DecodingContext) -> ComponentType? {
        let choices = ComponentType.allCases.map(\.rawValue)
        // Left out, as upstream allows, a component is a continuous one.
        guard let node = reader.node("type"), !node.isNull else { return .continuous }
        guard let text = context.string(node, reader.path("type"), "type") else { return nil }
        let spelled = String(text.map { $0 == "_" ? "-" : $0 })
        if let type = ComponentType(rawValue: spelled) { return type }
        let hint = FieldSuggester.suggestion(for: text, among: choices).map { "did you mean \"\($0)\"? " } ?? ""
        context.error(reader.path("type"), node.mark,
            "type \"\(text.truncatedForMessage)\" is not a component type; \(hint)use one of \(choices.joined(separator: ", "))")
        return nil
    }

    private static func decodeWaitFor(_ node: YAMLNode, path: String, context: inout DecodingContext) -> [ComponentReference] {
        guard let items = node.sequenceItems else {
            let example = node.scalar.map { "[\($0.value.truncatedForMessage)]" } ?? "[api]"
            context.error(path, node.mark, "wait-for must be a list of component names, e.g. wait-for: \(example)")
            return []
        }
        var references: [ComponentReference] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let itemPath = ConfigPath.index(path, index)
            guard let name = context.nonEmptyString(item, itemPath, "a wait-for entry") else { continue }
            if !seen.insert(name).inserted {
                context.warning(itemPath, item.mark, "\"\(name)\" is listed twice in wait-for; remove the repeat")
                continue
            }
            references.append(ComponentReference(name: name, mark: item.mark, path: itemPath))
        }
        return references
    }
}
