/// Decodes `run:` and applies the rules that depend on the component's type.
struct RunSpecDecoder {
    /// Fields that only make sense for a long-running service.
    static let continuousOnly = ["port", "port-protocol", "publish", "health-check", "health-check-http",
                                 "health-check-script", "replicas"]
    /// Fields that only make sense for a job that ends.
    static let jobOnly = ["timeout", "retry"]

    let type: ComponentType?
    let componentPath: String
    let ownerMark: YAMLMark

    /// The rules for a component without `run:` (a scheduled one needs a schedule).
    func decodeMissing(path: String, context: inout DecodingContext) -> RunSpec {
        if type == .scheduled {
            context.error(ConfigPath.join(path, "schedule"), ownerMark,
                "scheduled components need run.schedule, a cron expression such as \"0 * * * *\"")
        }
        return RunSpec()
    }

    func decode(_ node: YAMLNode, path: String, context: inout DecodingContext) -> RunSpec {
        guard let reader = MappingReader(node, path: path, ownerMark: ownerMark, schema: .run,
                                         elsewhere: [(ConfigPath.join(componentPath, "build"), .build),
                                                     (componentPath, .component)],
                                         context: &context)
        else { return RunSpec() }
        checkApplicability(reader, context: &context)
        var run = RunSpec()

        if let node = reader.node("command") {
            run.command = context.nonEmptyString(node, reader.path("command"), "command")
        }
        if let node = reader.node("port"), let port = context.int(node, reader.path("port"), "port", example: "8000") {
            if (1...65_535).contains(port) {
                run.port = port
            } else {
                context.error(reader.path("port"), node.mark, "port \(port) is out of range; use a number from 1 to 65535")
            }
        }
        run.portProtocol = choice(reader, "port-protocol", ["tcp", "udp"], context: &context)
        if let node = reader.node("publish") {
            (run.publish, run.publishPath) = decodePublish(node, path: reader.path("publish"), context: &context)
        }
        run.healthCheck = HealthCheckDecoder.decode(reader, context: &context)
        if let node = reader.node("replicas"), let replicas = context.int(node, reader.path("replicas"), "replicas", example: "2") {
            let maximum = context.options.limits.maxReplicas
            if replicas < 1 {
                context.error(reader.path("replicas"), node.mark,
                    "replicas must be at least 1; to stop the component, remove it from the config")
            } else if replicas > maximum {
                context.error(reader.path("replicas"), node.mark,
                    "replicas \(replicas) is over this platform's maximum of \(maximum); use at most \(maximum)")
            } else {
                run.replicas = replicas
            }
        }
        if let node = reader.node("env"), !node.isNull {
            run.env = decodeEnv(node, path: reader.path("env"), context: &context)
        }
        run.schedule = decodeSchedule(reader, context: &context)
        if let node = reader.node("timeout") {
            if Self.isZero(node) {
                // Upstream's "no limit"; the runtime's default limit applies.
                context.noteIgnored("timeout", reason: "timeout-zero", in: reader)
            } else {
                run.timeoutSeconds = decodeDuration(node, path: reader.path("timeout"), context: &context)
            }
        }
        if let node = reader.node("retry"), let retry = context.int(node, reader.path("retry"), "retry", example: "2") {
            if (0...5).contains(retry) {
                run.retry = retry
            } else {
                context.error(reader.path("retry"), node.mark, "retry \(retry) is out of range; use a number from 0 to 5")
            }
        }
        run.cpu = quantity(reader, "cpu", parse: CPUQuantity.init, maximum: context.options.limits.maxCPU,
                           example: "0.5 or 500m", context: &context)
        run.memory = quantity(reader, "memory", parse: MemoryQuantity.init, maximum: context.options.limits.maxMemory,
                              example: "512Mi or 1Gi", context: &context)
        run.emails = choice(reader, "emails", ["none", "all", "onfinish", "onfailure"], context: &context)
        run.mount = choice(reader, "mount", ["all", "none"], context: &context)
        if let node = reader.node("filelog") {
            run.filelog = context.bool(node, reader.path("filelog"), "filelog")
        }
        for field in ["filelog-stdout", "filelog-stderr"] {
            guard let node = reader.node(field), let text = context.nonEmptyString(node, reader.path(field), field) else { continue }
            if run.filelog == false {
                context.warning(reader.path(field), node.mark, "\(field) is ignored while filelog is false; set filelog: true or remove it")
            }
            if field == "filelog-stdout" { run.filelogStdout = text } else { run.filelogStderr = text }
        }
        checkPortDependencies(reader, run: run, context: &context)
        noteIgnoredFields(reader, run: run, context: &context)
        return run
    }

    /// Upstream fields the runtime cannot honour, when they ask for more than the default.
    private func noteIgnoredFields(_ reader: MappingReader, run: RunSpec, context: inout DecodingContext) {
        if let emails = run.emails, emails != "none" { context.noteIgnored("emails", in: reader) }
        if run.filelog == true { context.noteIgnored("filelog", in: reader) }
        if run.filelogStdout != nil { context.noteIgnored("filelog-stdout", in: reader) }
        if run.filelogStderr != nil { context.noteIgnored("filelog-stderr", in: reader) }
        if run.portProtocol == "udp" { context.noteIgnored("port-protocol", in: reader) }
        if let retry = run.retry, retry > 0 { context.noteIgnored("retry", in: reader) }
    }

    private func checkApplicability(_ reader: MappingReader, context: inout DecodingContext) {
        guard let type else { return }
        let refused: [String]
        switch type {
        case .continuous: refused = Self.jobOnly + ["schedule"]
        case .oneOff: refused = Self.continuousOnly + ["schedule"]
        case .scheduled: refused = Self.continuousOnly
        }
        for field in refused where reader.node(field) != nil {
            let owner: String
            if field == "schedule" {
                owner = "scheduled components; remove it or change type to scheduled"
            } else if Self.jobOnly.contains(field) {
                owner = "one-off and scheduled components; remove it or change the type"
            } else {
                owner = "continuous components; remove it or change type to continuous"
            }
            context.error(reader.path(field), reader.keyMark(field) ?? reader.ownerMark, "\(field) applies only to \(owner)")
        }
        if type == .scheduled, !reader.has("schedule") {
            context.error(reader.path("schedule"), reader.keyMark("schedule") ?? reader.ownerMark,
                "scheduled components need run.schedule, a cron expression such as \"0 * * * *\"")
        }
    }

    private func checkPortDependencies(_ reader: MappingReader, run: RunSpec, context: inout DecodingContext) {
        guard run.port == nil, reader.node("port") == nil, type == .continuous || type == nil else { return }
        if run.publish == true, let mark = reader.keyMark("publish") {
            context.error(reader.path("publish"), mark, "publish needs a port to publish; set run.port")
        }
        if run.portProtocol != nil, let mark = reader.keyMark("port-protocol") {
            context.error(reader.path("port-protocol"), mark, "port-protocol needs a port; set run.port or remove port-protocol")
        }
        switch run.healthCheck {
        case .http?, .tcp?:
            let field = ["health-check", "health-check-http"].first { reader.node($0) != nil } ?? "health-check"
            context.error(reader.path(field), reader.keyMark(field) ?? reader.ownerMark,
                "an http or tcp health check probes the component's port; set run.port (or use a script check)")
        default:
            break
        }
    }

    private func choice(_ reader: MappingReader, _ field: String, _ choices: [String],
                        context: inout DecodingContext) -> String? {
        guard let node = reader.node(field), let text = context.nonEmptyString(node, reader.path(field), field) else { return nil }
        if choices.contains(text) { return text }
        let lowered = text.lowercased()
        let hint = choices.contains(lowered) ? "write it in lowercase, \"\(lowered)\"; " : ""
        context.error(reader.path(field), node.mark,
            "\(field) \"\(text.truncatedForMessage)\" is not allowed; \(hint)use one of \(choices.joined(separator: ", "))")
        return nil
    }

    /// A `cpu` or `memory` amount: well formed, and at most the operator's maximum.
    private func quantity<Amount: Comparable & CustomStringConvertible>(
        _ reader: MappingReader, _ field: String, parse: (String) -> Amount?, maximum: Amount?, example: String,
        context: inout DecodingContext
    ) -> String? {
        guard let node = reader.node(field), let text = context.nonEmptyString(node, reader.path(field), field) else { return nil }
        guard let amount = parse(text) else {
            context.error(reader.path(field), node.mark, "\(field) \"\(text.truncatedForMessage)\" is not a valid amount; write it like \(example)")
            return nil
        }
        if let maximum, amount > maximum {
            context.error(reader.path(field), node.mark,
                "\(field) \(text.truncatedForMessage) is over this platform's maximum of \(maximum); use at most \(maximum)")
            return nil
        }
        return text
    }

    private func decodeEnv(_ node: YAMLNode, path: String, context: inout DecodingContext) -> [String: String] {
        guard let entries = node.mappingEntries else {
            context.error(path, node.mark, "env must be a mapping of NAME: value, not \(node.kindDescription)")
            return [:]
        }
        var env: [String: String] = [:]
        for entry in entries {
            let name = entry.key.scalar?.value ?? ""
            let entryPath = ConfigPath.join(path, name)
            guard EnvVarNameRule.isValid(name) else {
                context.error(entryPath, entry.key.mark,
                    "environment variable name \"\(name.truncatedForMessage)\" is not valid; use letters, digits and _, not starting with a digit")
                continue
            }
            if let value = context.string(entry.value, entryPath, "environment variable \(name)") {
                env[name] = value
            }
        }
        return env
    }

    private func decodeSchedule(_ reader: MappingReader, context: inout DecodingContext) -> String? {
        guard let node = reader.node("schedule"), let text = context.nonEmptyString(node, reader.path("schedule"), "schedule") else { return nil }
        do {
            let cron = try CronExpression(text)
            if !cron.firesAtAll {
                context.error(reader.path("schedule"), node.mark,
                    "schedule \"\(text)\" never runs (no date matches its day and month fields); fix the day or the month")
                return nil
            }
            return cron.normalized
        } catch {
            context.error(reader.path("schedule"), node.mark, "schedule \"\(text.truncatedForMessage)\": \(error.message)")
            return nil
        }
    }

    /// `publish`: upstream's path (`"/"`, or a longer prefix such as `"/api"`), or our `true`
    /// (the same as `"/"`) and `false`. Answers the flag and the path when it is not `/`.
    private func decodePublish(_ node: YAMLNode, path: String, context: inout DecodingContext) -> (Bool?, String?) {
        if let scalar = node.scalar, !node.isNull, case .string(let text) = YAMLScalarResolver.resolve(scalar, tag: node.tag),
           text.hasPrefix("/") {
            switch PublishPathRule.normalize(text) {
            case .success(let normalized): return (true, normalized == "/" ? nil : normalized)
            case .failure(let reason):
                context.error(path, node.mark, "publish \"\(text.truncatedForMessage)\": \(reason.message)")
                return (nil, nil)
            }
        }
        return (context.bool(node, path, "publish (a path such as \"/\", true or false)"), nil)
    }

    /// The plain number 0: upstream's `timeout: 0`.
    private static func isZero(_ node: YAMLNode) -> Bool {
        guard let scalar = node.scalar, case .int(0) = YAMLScalarResolver.resolve(scalar, tag: node.tag) else { return false }
        return true
    }

    /// `timeout`: our duration (`10m`) or upstream's whole seconds (`600`).
    private func decodeDuration(_ node: YAMLNode, path: String, context: inout DecodingContext) -> Int? {
        guard let text = context.nonEmptyString(node, path, "timeout") else { return nil }
        guard let seconds = ConfigDuration.parseSeconds(text), seconds > 0 else {
            context.error(path, node.mark,
                "timeout \"\(text.truncatedForMessage)\" is not a positive duration; write it like 30s, 10m, 1h or 1h30m")
            return nil
        }
        return seconds
    }
}
