/// The config as the Toolforge components-api shows it (`config_version`, `component_type`,
/// `reuse_from`, `health_check_http`, `timeout` in whole seconds, `publish: "/"`), so what
/// `/components/v1` answers can be fed back unchanged and means the same config.
extension ToolConfiguration {
    /// Compact JSON, keys sorted, in upstream's field names; parsing it gives back this
    /// config, so it has the same ``contentHash``. Fields upstream lacks (`env`, `wait_for`,
    /// `auto_deploy`, ...) are written in the same style.
    public func upstreamJSON() -> String {
        let normalized = normalized()
        var root: [String: CanonicalJSON] = [
            "config_version": .string(normalized.configVersion),
            "components": .object(normalized.components.mapValues(\.upstreamValue)),
        ]
        if let seconds = normalized.autoDeploy?.pollSeconds {
            root["auto_deploy"] = .object(["poll": .string(ConfigDuration.format(seconds: seconds))])
        }
        if let sourceURL = normalized.sourceURL { root["source_url"] = .string(sourceURL) }
        return CanonicalJSON.object(root).text
    }
}

extension Component {
    fileprivate var upstreamValue: CanonicalJSON {
        var object: [String: CanonicalJSON] = ["component_type": .string(type.rawValue), "build": build.upstreamValue]
        if let description { object["description"] = .string(description) }
        let run = run.upstreamMembers
        if !run.isEmpty { object["run"] = .object(run) }
        if !waitFor.isEmpty { object["wait_for"] = .array(waitFor.map(CanonicalJSON.string)) }
        return .object(object)
    }
}

extension BuildSpec {
    fileprivate var upstreamValue: CanonicalJSON {
        .object(Dictionary(uniqueKeysWithValues: canonicalValue.members.map { ($0.key.upstreamSpelling, $0.value) }))
    }
}

extension RunSpec {
    fileprivate var upstreamMembers: [String: CanonicalJSON] {
        var object = Dictionary(uniqueKeysWithValues: canonicalMembers.map { ($0.key.upstreamSpelling, $0.value) })
        object["timeout"] = timeoutSeconds.map(CanonicalJSON.int)
        if publish == true { object["publish"] = .string(publishedPath ?? "/") }
        object["health_check"] = nil
        switch healthCheck {
        case .http(let path)?: object["health_check_http"] = .string(path)
        case .script(let command)?: object["health_check_script"] = .string(command)
        // Upstream has no TCP check; ours keeps its own spelling.
        case .tcp?: object["health_check"] = .object(["type": .string("tcp")])
        case nil: break
        }
        return object
    }
}

extension CanonicalJSON {
    fileprivate var members: [String: CanonicalJSON] {
        if case .object(let members) = self { return members }
        return [:]
    }
}

extension String {
    fileprivate var upstreamSpelling: String { String(map { $0 == "-" ? "_" : $0 }) }
}
