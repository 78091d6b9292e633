/// Decodes a health check from any of its spellings: ours (`health-check: {type: http,
/// path: /healthz}`) and the components-api ones (`health_check_http: /healthz`,
/// `health_check_script: CMD`). At most one may be given.
enum HealthCheckDecoder {
    private static let spellings = ["health-check", "health-check-http", "health-check-script"]

    static func decode(_ run: MappingReader, context: inout DecodingContext) -> HealthCheck? {
        let present = spellings.filter { run.node($0) != nil }
        guard let field = present.first, let node = run.node(field) else { return nil }
        for extra in present.dropFirst() {
            context.error(run.path(extra), run.keyMark(extra) ?? run.ownerMark,
                "\(run.written(extra)) and \(run.written(field)) both set a health check; keep one")
        }
        let path = run.path(field)
        switch field {
        case "health-check-http":
            if let entries = node.mappingEntries {
                guard let pathNode = entries.first(where: { $0.key.scalar?.value == "path" })?.value else {
                    context.error(path, node.mark, "health-check-http needs a path, e.g. health-check-http: /healthz")
                    return nil
                }
                return httpPath(pathNode, path: ConfigPath.join(path, "path"), context: &context).map { .http(path: $0) }
            }
            return httpPath(node, path: path, context: &context).map { .http(path: $0) }
        case "health-check-script":
            return context.nonEmptyString(node, path, "health-check-script").map { .script($0) }
        default:
            return decodeMapping(node, path: path, ownerMark: run.keyMark(field) ?? run.ownerMark, context: &context)
        }
    }

    private static func decodeMapping(_ node: YAMLNode, path: String, ownerMark: YAMLMark,
                                      context: inout DecodingContext) -> HealthCheck? {
        let example = "health-check: {type: http, path: /healthz}, {type: tcp} or {type: script, command: CMD}"
        guard node.mappingEntries != nil else {
            context.error(path, node.mark, "health-check must be a mapping such as \(example)")
            return nil
        }
        guard let reader = MappingReader(node, path: path, ownerMark: ownerMark, schema: .healthCheck, context: &context)
        else { return nil }
        guard let typeNode = reader.node("type"), let type = context.nonEmptyString(typeNode, reader.path("type"), "health check type") else {
            if reader.node("type") == nil {
                context.error(reader.path("type"), ownerMark, "health-check needs a type: http, tcp or script, e.g. \(example)")
            }
            return nil
        }
        let allowed: [String: Set<String>] = ["http": ["type", "path"], "tcp": ["type"], "script": ["type", "command"]]
        guard let fields = allowed[type] else {
            context.error(reader.path("type"), typeNode.mark,
                "health check type \"\(type.truncatedForMessage)\" is not supported; use http, tcp or script")
            return nil
        }
        var valid = true
        for field in ["path", "command"] where reader.node(field) != nil && !fields.contains(field) {
            context.error(reader.path(field), reader.keyMark(field) ?? ownerMark,
                "\(field) does not apply to a \(type) health check; remove it")
            valid = false
        }
        switch type {
        case "http":
            guard let pathNode = reader.node("path") else { return valid ? .http(path: "/") : nil }
            let checked = httpPath(pathNode, path: reader.path("path"), context: &context)
            return valid ? checked.map { .http(path: $0) } : nil
        case "tcp":
            return valid ? .tcp : nil
        default:
            guard let commandNode = reader.node("command") else {
                context.error(reader.path("command"), ownerMark, "a script health check needs command: the command to run")
                return nil
            }
            let command = context.nonEmptyString(commandNode, reader.path("command"), "health check command")
            return valid ? command.map { .script($0) } : nil
        }
    }

    private static func httpPath(_ node: YAMLNode, path: String, context: inout DecodingContext) -> String? {
        guard let text = context.nonEmptyString(node, path, "health check path") else { return nil }
        guard text.hasPrefix("/"), !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            context.error(path, node.mark,
                "health check path \"\(text.truncatedForMessage)\" must be a URL path starting with / and without spaces, e.g. /healthz")
            return nil
        }
        return text
    }
}
