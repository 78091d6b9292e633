import ToolConfig

/// A deterministic generator (SplitMix64), so a failing seed from PropertyBased reproduces.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random configs that are valid by construction, for property tests.
enum RandomConfig {
    private static let texts = ["api", "run it", "a: b", "quote \" and \\ backslash", "line\nbreak", "tab\there",
                                "émoji 🚀", "  padded  ", "#not a comment", "- dash", "{braces}", "null", "true",
                                "123", "0x10", "~", "control \u{1}\u{7F}\u{85}\u{2028}\u{FEFF}", "*star", "&amp", "", "yes"]
    private static let refs = ["main", "v1.2.0", "feature/x", "0123abc"]
    private static let schedules = ["0 * * * *", "*/5 * * * *", "30 2 * * mon-fri", "@daily", "@hourly", "0 0 1 jan *"]
    private static let cpus = ["0.5", "1", "250m"]
    private static let memories = ["512Mi", "1Gi", "100M"]

    static func make(seed: UInt64) -> ToolConfiguration {
        var rng = SeededGenerator(seed: seed)
        let count = Int.random(in: 1...6, using: &rng)
        var names: [String] = []
        while names.count < count {
            let name = randomName(using: &rng)
            if !names.contains(name) { names.append(name) }
        }
        var components: [String: Component] = [:]
        var repositoryBuilt: [String] = []
        var rootPublished = false
        for (index, name) in names.enumerated() {
            let type = ComponentType.allCases.randomElement(using: &rng) ?? .continuous
            let build = randomBuild(repositoryBuilt: repositoryBuilt, using: &rng)
            if build.repository != nil { repositoryBuilt.append(name) }
            let earlier = names[..<index].filter { _ in Bool.random(using: &rng) }
            var run = randomRun(type, using: &rng)
            // One component may publish "/"; the others publish paths of their own.
            if run.publish == true {
                if rootPublished { run.publishPath = "/\(name)" } else { rootPublished = true }
            }
            components[name] = Component(
                description: Bool.random(using: &rng) ? texts.randomElement(using: &rng) : nil,
                type: type, build: build, run: run, waitFor: Array(earlier))
        }
        let version = ToolConfiguration.supportedVersions.randomElement(using: &rng) ?? ToolConfiguration.newestVersion
        return ToolConfiguration(configVersion: version, components: components).normalized()
    }

    private static func randomName(using rng: inout SeededGenerator) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let length = Int.random(in: 1...12, using: &rng)
        var name = String((0..<length).map { _ in letters.randomElement(using: &rng) ?? "a" })
        if length > 2, Bool.random(using: &rng) {
            let middle = name.index(name.startIndex, offsetBy: length / 2)
            name.replaceSubrange(middle...middle, with: "-")
        }
        return name
    }

    private static func randomBuild(repositoryBuilt: [String], using rng: inout SeededGenerator) -> BuildSpec {
        switch repositoryBuilt.isEmpty ? 0 : Int.random(in: 0...2, using: &rng) {
        case 1:
            return BuildSpec(reuseFrom: repositoryBuilt.randomElement(using: &rng))
        case 2:
            return BuildSpec(image: ["python3.11", "node18", "php8.2"].randomElement(using: &rng))
        default:
            return BuildSpec(
                repository: "https://example.org/repo\(Int.random(in: 0...99, using: &rng)).git",
                ref: maybe(refs.randomElement(using: &rng), &rng),
                path: maybe("services/part\(Int.random(in: 1...3, using: &rng))", &rng),
                command: maybe(texts.filter { !$0.isEmpty }.randomElement(using: &rng), &rng),
                useLatestVersions: maybe(Bool.random(using: &rng), &rng),
                useDeprecatedVersions: maybe(Bool.random(using: &rng), &rng))
        }
    }

    private static func randomRun(_ type: ComponentType, using rng: inout SeededGenerator) -> RunSpec {
        var run = RunSpec()
        run.command = maybe(texts.filter { !$0.isEmpty }.randomElement(using: &rng), &rng)
        run.cpu = maybe(cpus.randomElement(using: &rng), &rng)
        run.memory = maybe(memories.randomElement(using: &rng), &rng)
        run.mount = maybe(["all", "none"].randomElement(using: &rng), &rng)
        run.emails = maybe(["none", "all", "onfinish", "onfailure"].randomElement(using: &rng), &rng)
        run.filelog = maybe(true, &rng)
        if run.filelog == true {
            run.filelogStdout = maybe("logs/out.log", &rng)
            run.filelogStderr = maybe("logs/err.log", &rng)
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            let name = ["PATH_X", "_Y", "Z9", "LOG_LEVEL", "a"].randomElement(using: &rng) ?? "A"
            run.env[name] = texts.randomElement(using: &rng)
        }
        switch type {
        case .continuous:
            run.port = maybe(Int.random(in: 1...65_535, using: &rng), &rng)
            run.replicas = maybe(Int.random(in: 1...5, using: &rng), &rng)
            if run.port != nil {
                run.publish = maybe(Bool.random(using: &rng), &rng)
                run.portProtocol = maybe(["tcp", "udp"].randomElement(using: &rng), &rng)
                run.healthCheck = maybe([HealthCheck.tcp, .http(path: "/healthz?full=1")].randomElement(using: &rng), &rng)
            } else {
                run.healthCheck = maybe(.script("test -f /tmp/ok"), &rng)
            }
        case .scheduled, .oneOff:
            if type == .scheduled { run.schedule = schedules.randomElement(using: &rng) }
            run.timeoutSeconds = maybe([1, 59, 60, 600, 5_400, 86_400, 90_061].randomElement(using: &rng), &rng)
            run.retry = maybe(Int.random(in: 0...5, using: &rng), &rng)
        }
        return run
    }

    private static func maybe<T>(_ value: T?, _ rng: inout SeededGenerator) -> T? {
        Bool.random(using: &rng) ? value : nil
    }
}
