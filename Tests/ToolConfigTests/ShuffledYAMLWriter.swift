import ToolConfig

/// Writes a config as block-style YAML with keys in random order and each field randomly in
/// our spelling or the components-api one: many texts, one meaning.
struct ShuffledYAMLWriter {
    var rng: SeededGenerator

    private enum Value {
        case text(String)
        case number(Int)
        case flag(Bool)
        case list([String])
        case map([(String, Value)])
    }

    mutating func write(_ config: ToolConfiguration) -> String {
        var top: [(String, Value)] = [("components", .map(config.components.map { ($0.key, component($0.value)) }))]
        top.append((spell("config-version"), .text(config.configVersion)))
        var output = ""
        emit(.map(top), indent: 0, into: &output)
        return output
    }

    private mutating func spell(_ key: String) -> String {
        Bool.random(using: &rng) ? key : String(key.map { $0 == "-" ? "_" : $0 })
    }

    private mutating func component(_ component: Component) -> Value {
        var fields: [(String, Value)] = []
        fields.append((Bool.random(using: &rng) ? "type" : "component_type", .text(component.type.rawValue)))
        if let description = component.description { fields.append(("description", .text(description))) }
        var build: [(String, Value)] = []
        let b = component.build
        if let v = b.repository { build.append(("repository", .text(v))) }
        if let v = b.ref { build.append(("ref", .text(v))) }
        if let v = b.path { build.append(("path", .text(v))) }
        if let v = b.command { build.append(("command", .text(v))) }
        if let v = b.reuseFrom { build.append((spell("reuse-from"), .text(v))) }
        if let v = b.image { build.append(("image", .text(v))) }
        if let v = b.useLatestVersions { build.append((spell("use-latest-versions"), .flag(v))) }
        if let v = b.useDeprecatedVersions { build.append((spell("use-deprecated-versions"), .flag(v))) }
        fields.append(("build", .map(build)))
        let run = runFields(component.run)
        if !run.isEmpty || Bool.random(using: &rng) { fields.append(("run", .map(run))) }
        if !component.waitFor.isEmpty || Bool.random(using: &rng) {
            fields.append((spell("wait-for"), .list(component.waitFor.shuffled(using: &rng))))
        }
        return .map(fields)
    }

    private mutating func runFields(_ r: RunSpec) -> [(String, Value)] {
        var fields: [(String, Value)] = []
        if let v = r.command { fields.append(("command", .text(v))) }
        if let v = r.port { fields.append(("port", .number(v))) }
        if let v = r.portProtocol { fields.append((spell("port-protocol"), .text(v))) }
        if let v = r.publish { fields.append(("publish", r.publishPath.map { .text($0) } ?? .flag(v))) }
        switch r.healthCheck {
        case .http(let path)?:
            fields.append(Bool.random(using: &rng) ? (spell("health-check-http"), .text(path))
                          : ("health-check", .map([("type", .text("http")), ("path", .text(path))])))
        case .tcp?: fields.append((spell("health-check"), .map([("type", .text("tcp"))])))
        case .script(let command)?: fields.append((spell("health-check-script"), .text(command)))
        case nil: break
        }
        if let v = r.replicas { fields.append(("replicas", .number(v))) }
        if !r.env.isEmpty { fields.append(("env", .map(r.env.map { ($0.key, .text($0.value)) }))) }
        if let v = r.schedule { fields.append(("schedule", .text(v))) }
        if let v = r.timeoutSeconds {
            fields.append(("timeout", Bool.random(using: &rng) ? .number(v) : .text(ConfigDuration.format(seconds: v))))
        }
        if let v = r.retry { fields.append(("retry", .number(v))) }
        if let v = r.cpu { fields.append(("cpu", .text(v))) }
        if let v = r.memory { fields.append(("memory", .text(v))) }
        if let v = r.emails { fields.append(("emails", .text(v))) }
        if let v = r.mount { fields.append(("mount", .text(v))) }
        if let v = r.filelog { fields.append(("filelog", .flag(v))) }
        if let v = r.filelogStdout { fields.append((spell("filelog-stdout"), .text(v))) }
        if let v = r.filelogStderr { fields.append((spell("filelog-stderr"), .text(v))) }
        return fields
    }

    private mutating func emit(_ value: Value, indent: Int, into output: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .map(let fields):
            for (key, field) in fields.shuffled(using: &rng) {
                switch field {
                case .map(let inner) where !inner.isEmpty:
                    output += "\(pad)\(quoted(key)):\n"
                    emit(field, indent: indent + 2, into: &output)
                case .list(let items) where !items.isEmpty:
                    output += "\(pad)\(quoted(key)):\n"
                    for item in items { output += "\(pad)  - \(quoted(item))\n" }
                default:
                    output += "\(pad)\(quoted(key)): \(inline(field))\n"
                }
            }
        default:
            output += pad + inline(value) + "\n"
        }
    }

    private func inline(_ value: Value) -> String {
        switch value {
        case .text(let text): return quoted(text)
        case .number(let number): return String(number)
        case .flag(let flag): return flag ? "true" : "false"
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    /// Double-quoted, escaping on its own (not through the code under test) every
    /// character YAML does not take raw.
    private func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            default:
                let value = scalar.value
                if (0x20...0x7E).contains(value) || (0xA0...0xD7FF).contains(value) && value != 0x2028 && value != 0x2029
                    || (0xE000...0xFFFD).contains(value) && value != 0xFEFF || value >= 0x10000 {
                    output.unicodeScalars.append(scalar)
                } else {
                    // YAML's \xXX and \uXXXX escapes (the characters here are all below 0x10000).
                    let hex = String(value, radix: 16)
                    let width = value <= 0xFF ? 2 : 4
                    output += (value <= 0xFF ? "\\x" : "\\u") + String(repeating: "0", count: width - hex.count) + hex
                }
            }
        }
        return output + "\""
    }
}
