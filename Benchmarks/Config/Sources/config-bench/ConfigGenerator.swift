/// Writes a realistic, seeded tool config of many components: continuous services, one-off
/// jobs and scheduled jobs; builds from repositories (with refs, monorepo paths and build
/// steps), `reuse-from` of a component that builds from a repository, and registry images;
/// `wait-for` edges only to earlier components (so chains but never cycles); env, resources,
/// health checks and cron schedules. About one component in seven is written in the
/// Toolforge components-api spelling (`component_type`, `reuse_from`, `health_check_http`, ...).
///
/// A ``Fault`` breaks one rule in one component, for the check that both validators refuse
/// the same broken documents.
struct ConfigGenerator {
    enum Fault: String, CaseIterable {
        case portOutOfRange = "port 70000"
        case scheduleMissing = "scheduled component without schedule"
        case scheduleOnContinuous = "schedule on a continuous component"
        case badComponentName = "component name not a DNS label"
        case twoBuildSources = "build with repository and reuse-from"
        case badDuration = "timeout \"10 minutes\""
        case badEnvName = "env name starting with a digit"
        case missingType = "component without type"
        case badEnum = "mount: some"
        case credentialsInURL = "repository URL with user:password@"
    }

    enum Kind: String { case continuous, oneOff = "one-off", scheduled }

    enum Source {
        case repository(url: String, ref: String?, path: String?, command: String?, useLatest: Bool?)
        case reuse(String)
        case image(String)
    }

    enum Health { case http(String), tcp, script(String), apiHTTP(String) }

    struct Component {
        var name: String
        var kind: Kind
        var apiSpelling: Bool
        var omitType = false
        var description: String?
        var source: Source
        var extraReuse: String?
        var command: String?
        var port: Int?
        var portProtocol: String?
        var publish: Bool?
        var health: Health?
        var replicas: Int?
        var env: [(String, String)] = []
        var flowEnv = false
        var schedule: String?
        var timeout: String?
        var retry: Int?
        var cpu: String?
        var memory: String?
        var emails: String?
        var mount: String?
        var filelog: Bool?
        var filelogStdout: String?
        var waitFor: [String] = []
    }

    let count: Int
    let seed: UInt64

    // MARK: building the model

    func components(fault: Fault? = nil) -> [Component] {
        var rng = SplitMix64(seed: seed)
        var result: [Component] = []
        var repositoryBuilt: [String] = []
        let roles = ["api", "web", "worker", "queue", "cron", "migrate", "cache", "mailer", "search", "report",
                     "sync", "indexer", "bot", "ingest", "export", "backup", "stats", "proxy", "frontend", "cleanup"]
        let tools = ["toolhunt", "wikibugs", "quarry", "paws", "xtools", "citationhunt", "copypatrol", "mix-n-match",
                     "reasonator", "sourcemd", "wikidata-todo", "petscan", "ores-dash", "fountain", "hay"]
        let images = ["python3.11", "python3.13", "node20", "php8.2", "golang1.22", "jdk17", "ruby3.1", "bookworm"]
        for index in 0..<count {
            let role = roles[Int(rng.next() % UInt64(roles.count))]
            let tool = tools[Int(rng.next() % UInt64(tools.count))]
            let name = "\(tool)-\(role)-\(index)"
            let roll = rng.unit()
            let kind: Kind = roll < 0.55 ? .continuous : roll < 0.8 ? .oneOff : .scheduled
            let apiSpelling = rng.unit() < 0.15

            let sourceRoll = rng.unit()
            let source: Source
            if repositoryBuilt.isEmpty || sourceRoll < 0.4 {
                let host = rng.pick(["https://gitlab.wikimedia.org/toolforge-repos", "https://github.com/wikimedia",
                                     "https://gitlab.wikimedia.org/repos/cloud/toolforge", "git://git.example.org/tools"])
                let ref: String? = rng.unit() < 0.7 ? rng.pick(["main", "master", "v1.\(index % 9).\(index % 5)",
                                                               "release/2024.\(1 + index % 12)", rng.hex(40)]) : nil
                let path: String? = rng.unit() < 0.3 ? rng.pick(["services/\(role)", "./apps/\(role)/", "src/\(tool)"]) : nil
                let command: String? = rng.unit() < 0.2 ? rng.pick(["make build", "npm ci && npm run build", "./scripts/build.sh --release"]) : nil
                let useLatest: Bool? = rng.unit() < 0.2 ? (rng.unit() < 0.5) : nil
                source = .repository(url: "\(host)/\(tool)-\(index % 97).git", ref: ref, path: path, command: command, useLatest: useLatest)
                repositoryBuilt.append(name)
            } else if sourceRoll < 0.85 {
                source = .reuse(rng.pick(repositoryBuilt))
            } else {
                source = .image(rng.pick(images))
            }

            var component = Component(name: name, kind: kind, apiSpelling: apiSpelling, source: source)
            if rng.unit() < 0.4 {
                component.description = rng.pick(["the \(role) of \(tool)", "Serves \(tool)'s \(role) (see README)",
                                                  "\(role) job, owned by the \(tool) maintainers"])
            }
            component.command = rng.pick(["\(role)", "gunicorn --workers 4 app:app", "python3 -m \(tool).\(role)",
                                          "node server.js", "./bin/\(role) --verbose", "php artisan queue:work"])
            switch kind {
            case .continuous:
                if rng.unit() < 0.8 {
                    component.port = 1024 + Int(rng.next() % 60_000)
                    if rng.unit() < 0.2 { component.portProtocol = rng.pick(["tcp", "udp"]) }
                    if rng.unit() < 0.3 { component.publish = rng.unit() < 0.5 }
                    let h = rng.unit()
                    if h < 0.4 {
                        component.health = apiSpelling ? .apiHTTP("/healthz") : .http(rng.pick(["/healthz", "/", "/api/status"]))
                    } else if h < 0.6 {
                        component.health = .tcp
                    } else if h < 0.7 {
                        component.health = .script("curl -fsS localhost:$PORT/ping")
                    }
                } else if rng.unit() < 0.5 {
                    component.health = .script("test -f /tmp/alive")
                }
                if rng.unit() < 0.5 { component.replicas = 1 + Int(rng.next() % 4) }
            case .oneOff, .scheduled:
                if kind == .scheduled {
                    component.schedule = rng.pick(["*/15 * * * *", "0 9-17/2 * * mon-fri", "30 4 1,15 * *",
                                                   "0 0 1 jan,apr,jul,oct *", "@daily", "@hourly", "@weekly",
                                                   "\(rng.next() % 60) \(rng.next() % 24) * * *", "5 */6 * * 1-5",
                                                   "0 3 * * sun", "*/5 8-20 * * *"])
                }
                if rng.unit() < 0.6 { component.timeout = rng.pick(["10m", "1h", "45s", "1h30m", "2h", "90s"]) }
                if rng.unit() < 0.4 { component.retry = Int(rng.next() % 4) }
                if rng.unit() < 0.3 { component.emails = rng.pick(["none", "all", "onfinish", "onfailure"]) }
                if rng.unit() < 0.3 { component.filelog = true; component.filelogStdout = "logs/\(role).out" }
            }
            if rng.unit() < 0.5 { component.cpu = rng.pick(["500m", "0.5", "1", "250m", "2"]) }
            if rng.unit() < 0.5 { component.memory = rng.pick(["512Mi", "1Gi", "256Mi", "2Gi", "1.5Gi"]) }
            if rng.unit() < 0.2 { component.mount = rng.pick(["all", "none"]) }
            let envCount = Int(rng.next() % 7)
            for e in 0..<envCount {
                let key = rng.pick(["TOOL_DATA_DIR", "LOG_LEVEL", "WORKERS", "DB_HOST", "CACHE_TTL", "FEATURE_X", "API_BASE"]) + "_\(e)"
                let value = rng.pick(["/data/project/\(tool)", "info", "4", "tools.db.svc.wikimedia.cloud",
                                      "3600", "enabled", "https://\(tool).toolforge.org/api"])
                component.env.append((key, value))
            }
            component.flowEnv = rng.unit() < 0.3
            if index > 0 {
                if rng.unit() < 0.3 {
                    component.waitFor.append(result[index - 1].name)  // chains
                }
                for _ in 0..<Int(rng.next() % 3) where rng.unit() < 0.5 {
                    let other = result[Int(rng.next() % UInt64(index))].name
                    if !component.waitFor.contains(other) { component.waitFor.append(other) }
                }
            }
            result.append(component)
        }
        if let fault { apply(fault, to: &result) }
        return result
    }

    private func apply(_ fault: Fault, to components: inout [Component]) {
        let middle = components.count / 2
        func first(from start: Int = middle, where match: (Component) -> Bool) -> Int {
            (start..<components.count).first { match(components[$0]) } ?? (0..<start).first { match(components[$0]) }!
        }
        switch fault {
        case .portOutOfRange:
            components[first { $0.port != nil }].port = 70_000
        case .scheduleMissing:
            components[first { $0.kind == .scheduled }].schedule = nil
        case .scheduleOnContinuous:
            components[first { $0.kind == .continuous }].schedule = "0 * * * *"
        case .badComponentName:
            // Renamed with every reference to it, so only the name itself is wrong.
            let at = first { _ in true }
            let old = components[at].name
            let new = old.replacingOccurrences(of: "-", with: "_").uppercased()
            for i in components.indices {
                components[i].waitFor = components[i].waitFor.map { $0 == old ? new : $0 }
                if case .reuse(old) = components[i].source { components[i].source = .reuse(new) }
            }
            components[at].name = new
        case .twoBuildSources:
            let target = components[0].name
            components[first { if case .repository = $0.source { return $0.name != target } else { return false } }].extraReuse = target
        case .badDuration:
            components[first { $0.kind != .continuous }].timeout = "10 minutes"
        case .badEnvName:
            components[first { !$0.env.isEmpty }].env[0].0 = "9LIVES"
        case .missingType:
            components[first { _ in true }].omitType = true
        case .badEnum:
            components[first { _ in true }].mount = "some"
        case .credentialsInURL:
            let at = first { if case .repository = $0.source { return true } else { return false } }
            if case .repository(let url, let ref, let path, let command, let latest) = components[at].source {
                let broken = url.replacingOccurrences(of: "://", with: "://bot:hunter2@")
                components[at].source = .repository(url: broken, ref: ref, path: path, command: command, useLatest: latest)
            }
        }
    }

    // MARK: rendering YAML

    func yaml(fault: Fault? = nil) -> String {
        var out = "# Generated by Benchmarks/Config (config-bench), seed \(seed), \(count) components.\n"
        out += "config-version: v1beta1\ncomponents:\n"
        for c in components(fault: fault) { render(c, into: &out) }
        return out
    }

    private func render(_ c: Component, into out: inout String) {
        func key(_ ours: String) -> String { c.apiSpelling ? ours.replacingOccurrences(of: "-", with: "_") : ours }
        out += "  \(c.name):\n"
        if let description = c.description { out += "    description: \(scalar(description))\n" }
        if !c.omitType {
            out += "    \(c.apiSpelling ? "component_type" : "type"): \(c.kind.rawValue)\n"
        }
        switch c.source {
        case .reuse(let target) where c.extraReuse == nil:
            out += "    build: {\(key("reuse-from")): \(target)}\n"
        case .image(let name):
            out += "    build:\n      image: \(name)\n"
        case .reuse(let target):
            out += "    build:\n      \(key("reuse-from")): \(target)\n"
        case .repository(let url, let ref, let path, let command, let useLatest):
            out += "    build:\n      repository: \(url)\n"
            if let ref { out += "      ref: \(scalar(ref))\n" }
            if let path { out += "      path: \(scalar(path))\n" }
            if let command { out += "      command: \(scalar(command))\n" }
            if let useLatest { out += "      \(key("use-latest-versions")): \(useLatest)\n" }
            if let extra = c.extraReuse { out += "      \(key("reuse-from")): \(extra)\n" }
        }
        out += "    run:\n"
        if let command = c.command { out += "      command: \(scalar(command))\n" }
        if let port = c.port { out += "      port: \(port)\n" }
        if let p = c.portProtocol { out += "      \(key("port-protocol")): \(p)\n" }
        if let publish = c.publish { out += "      publish: \(publish)\n" }
        switch c.health {
        case .http(let path)?: out += "      health-check: {type: http, path: \(path)}\n"
        case .tcp?: out += "      \(key("health-check")):\n        type: tcp\n"
        case .script(let command)?:
            out += c.apiSpelling ? "      health_check_script: \(scalar(command))\n"
                                 : "      health-check:\n        type: script\n        command: \(scalar(command))\n"
        case .apiHTTP(let path)?: out += "      health_check_http: \(path)\n"
        case nil: break
        }
        if let replicas = c.replicas { out += "      replicas: \(replicas)\n" }
        if !c.env.isEmpty {
            if c.flowEnv {
                out += "      env: {" + c.env.map { "\($0.0): \(scalar($0.1))" }.joined(separator: ", ") + "}\n"
            } else {
                out += "      env:\n"
                for (name, value) in c.env { out += "        \(name): \(scalar(value))\n" }
            }
        }
        if let schedule = c.schedule { out += "      schedule: \"\(schedule)\"\n" }
        if let timeout = c.timeout { out += "      timeout: \(scalar(timeout))\n" }
        if let retry = c.retry { out += "      retry: \(retry)\n" }
        if let cpu = c.cpu { out += "      cpu: \(cpu.hasSuffix("m") ? cpu : "\"\(cpu)\"")\n" }
        if let memory = c.memory { out += "      memory: \(memory)\n" }
        if let emails = c.emails { out += "      emails: \(emails)\n" }
        if let mount = c.mount { out += "      mount: \(mount)\n" }
        if let filelog = c.filelog { out += "      filelog: \(filelog)\n" }
        if let stdout = c.filelogStdout { out += "      \(key("filelog-stdout")): \(stdout)\n" }
        if !c.waitFor.isEmpty {
            if c.waitFor.count == 1 {
                out += "    \(key("wait-for")): [\(c.waitFor[0])]\n"
            } else {
                out += "    \(key("wait-for")):\n" + c.waitFor.map { "      - \($0)\n" }.joined()
            }
        }
    }

    /// Plain when YAML reads it back as the same text under both YAML 1.1 (PyYAML) and 1.2
    /// rules, double-quoted otherwise.
    private func scalar(_ text: String) -> String {
        let special: Set<Character> = [":", "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "$"]
        let numeric = !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." }
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"].contains(text.lowercased())
        if numeric || reserved || text.contains(where: { special.contains($0) }) || text.hasPrefix("-") || text.hasPrefix(" ") {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return text
    }
}

/// A small seeded generator (SplitMix64), so a seed gives the same config everywhere.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func hex(_ length: Int) -> String {
        String((0..<length).map { _ in Array("0123456789abcdef")[Int(next() % 16)] })
    }
}
