import Crypto

/// The canonical form: how a config is stored, compared and hashed.
extension ToolConfiguration {
    /// Canonical JSON: the normalised config in our spellings with sorted keys and no
    /// whitespace. It is valid YAML too, and parses back to an equal (normalised) config.
    public func canonicalJSON() -> String {
        let normalized = normalized()
        var components: [String: CanonicalJSON] = [:]
        for (name, component) in normalized.components {
            components[name] = component.canonicalValue
        }
        var root: [String: CanonicalJSON] = [
            "config-version": .string(normalized.configVersion),
            "components": .object(components),
        ]
        if let seconds = normalized.autoDeploy?.pollSeconds {
            root["auto-deploy"] = .object(["poll": .string(ConfigDuration.format(seconds: seconds))])
        }
        if let sourceURL = normalized.sourceURL { root["source-url"] = .string(sourceURL) }
        return CanonicalJSON.object(root).text
    }

    /// SHA-256 of ``canonicalJSON()`` as 64 lowercase hex digits; two configs that mean the
    /// same thing have the same hash, whatever their key order or spelling.
    public var contentHash: String {
        SHA256.hash(data: Array(canonicalJSON().utf8)).lowercaseHex
    }
}

extension Component {
    var canonicalValue: CanonicalJSON {
        var object: [String: CanonicalJSON] = ["type": .string(type.rawValue), "build": build.canonicalValue]
        if let description { object["description"] = .string(description) }
        let runValue = run.canonicalMembers
        if !runValue.isEmpty { object["run"] = .object(runValue) }
        if !waitFor.isEmpty { object["wait-for"] = .array(waitFor.map(CanonicalJSON.string)) }
        return .object(object)
    }
}

extension BuildSpec {
    var canonicalValue: CanonicalJSON {
        var object: [String: CanonicalJSON] = [:]
        object["repository"] = repository.map(CanonicalJSON.string)
        object["ref"] = ref.map(CanonicalJSON.string)
        object["path"] = path.map(CanonicalJSON.string)
        object["command"] = command.map(CanonicalJSON.string)
        object["reuse-from"] = reuseFrom.map(CanonicalJSON.string)
        object["image"] = image.map(CanonicalJSON.string)
        object["use-latest-versions"] = useLatestVersions.map(CanonicalJSON.bool)
        object["use-deprecated-versions"] = useDeprecatedVersions.map(CanonicalJSON.bool)
        return .object(object)
    }
}

extension RunSpec {
    var canonicalMembers: [String: CanonicalJSON] {
        var object: [String: CanonicalJSON] = [:]
        object["command"] = command.map(CanonicalJSON.string)
        object["port"] = port.map(CanonicalJSON.int)
        object["port-protocol"] = portProtocol.map(CanonicalJSON.string)
        // `/` stays `true`, so configs written before paths existed keep their hashes.
        object["publish"] = publishPath.map(CanonicalJSON.string) ?? publish.map(CanonicalJSON.bool)
        switch healthCheck {
        case .http(let path)?: object["health-check"] = .object(["type": .string("http"), "path": .string(path)])
        case .tcp?: object["health-check"] = .object(["type": .string("tcp")])
        case .script(let command)?: object["health-check"] = .object(["type": .string("script"), "command": .string(command)])
        case nil: break
        }
        object["replicas"] = replicas.map(CanonicalJSON.int)
        if !env.isEmpty { object["env"] = .object(env.mapValues(CanonicalJSON.string)) }
        object["schedule"] = schedule.map(CanonicalJSON.string)
        object["timeout"] = timeoutSeconds.map { .string(ConfigDuration.format(seconds: $0)) }
        object["retry"] = retry.map(CanonicalJSON.int)
        object["cpu"] = cpu.map(CanonicalJSON.string)
        object["memory"] = memory.map(CanonicalJSON.string)
        object["emails"] = emails.map(CanonicalJSON.string)
        object["mount"] = mount.map(CanonicalJSON.string)
        object["filelog"] = filelog.map(CanonicalJSON.bool)
        object["filelog-stdout"] = filelogStdout.map(CanonicalJSON.string)
        object["filelog-stderr"] = filelogStderr.map(CanonicalJSON.string)
        return object
    }
}
