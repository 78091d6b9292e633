import KubernetesBackend
import ToolConfig

/// SplitMix64: the same seed gives the same configs on every machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random valid configs and tool names that reach the corners of the manifest mapping: long
/// names (hashed), names starting with digits (Service names), every type, health check,
/// protocol and publish path, hostile strings in commands and env.
enum RandomToolConfigs {
    private static let texts = ["api", "run it", "a: b", "quote \" and \\ backslash", "line\nbreak", "tab\there", "émoji 🚀",
                                "#not a comment", "- dash", "{braces}", "null", "true", "123", "0x10", "~", "yes", "",
                                "control \u{1}\u{7F}\u{85}\u{2028}\u{FEFF}", "*star", "&amp", "'single'", "%percent", "@at"]
    private static let schedules = ["0 * * * *", "*/5 * * * *", "30 2 * * mon-fri", "@daily", "@hourly", "0 0 1 jan *"]

    static func tool(seed: UInt64) -> String {
        var rng = SeededGenerator(seed: seed ^ 0xA5A5)
        return name(length: Int.random(in: 1...63, using: &rng), using: &rng)
    }

    static func make(seed: UInt64) -> ToolConfiguration {
        var rng = SeededGenerator(seed: seed)
        var names: [String] = []
        while names.count < Int.random(in: 1...6, using: &rng) {
            let candidate = name(length: [1, 5, 12, 40, 63].randomElement(using: &rng) ?? 5, using: &rng)
            if !names.contains(candidate) { names.append(candidate) }
        }
        var components: [String: Component] = [:]
        var repositoryBuilt: [String] = []
        for (index, componentName) in names.enumerated() {
            let type = ComponentType.allCases.randomElement(using: &rng) ?? .continuous
            var build = BuildSpec(repository: "https://example.org/r\(Int.random(in: 0...9, using: &rng)).git",
                                  ref: maybe(["main", "v1.2.0", "feature/x"].randomElement(using: &rng), &rng))
            switch repositoryBuilt.isEmpty ? 0 : Int.random(in: 0...2, using: &rng) {
            case 1: build = BuildSpec(reuseFrom: repositoryBuilt.randomElement(using: &rng))
            case 2: build = BuildSpec(image: ["python3.11", "node18", "docker.io/library/redis:7"].randomElement(using: &rng))
            default: repositoryBuilt.append(componentName)
            }
            components[componentName] = Component(
                type: type, build: build, run: run(type, using: &rng),
                waitFor: names[..<index].filter { _ in Bool.random(using: &rng) })
        }
        return ToolConfiguration(configVersion: "v0.1", components: components)
    }

    private static func run(_ type: ComponentType, using rng: inout SeededGenerator) -> RunSpec {
        var run = RunSpec()
        run.command = maybe(texts.filter { !$0.isEmpty }.randomElement(using: &rng), &rng)
        run.cpu = maybe(["0.5", "1", "250m", "1.25"].randomElement(using: &rng), &rng)
        run.memory = maybe(["512Mi", "1Gi", "100M", "1.5Gi"].randomElement(using: &rng), &rng)
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            run.env[["PATH_X", "_Y", "Z9", "LOG_LEVEL", "a", "PORT"].randomElement(using: &rng) ?? "A"] = texts.randomElement(using: &rng)
        }
        switch type {
        case .continuous:
            run.replicas = maybe(Int.random(in: 1...5, using: &rng), &rng)
            run.port = maybe(Int.random(in: 1...65_535, using: &rng), &rng)
            if run.port != nil {
                run.portProtocol = maybe(["tcp", "udp"].randomElement(using: &rng), &rng)
                run.publish = maybe(Bool.random(using: &rng), &rng)
                if run.publish == true { run.publishPath = maybe(["/", "/api", "/a/b-c_d"].randomElement(using: &rng), &rng) }
                run.healthCheck = maybe([HealthCheck.tcp, .http(path: "/healthz?full=1"), .script("curl -f localhost")].randomElement(using: &rng), &rng)
            } else {
                run.healthCheck = maybe(.script("test -f /tmp/ok"), &rng)
            }
        case .scheduled, .oneOff:
            if type == .scheduled { run.schedule = schedules.randomElement(using: &rng) }
            run.timeoutSeconds = maybe([1, 59, 600, 86_400, 90_061].randomElement(using: &rng), &rng)
            run.retry = maybe(Int.random(in: 0...5, using: &rng), &rng)
        }
        return run
    }

    private static func name(length: Int, using rng: inout SeededGenerator) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var name = String((0..<length).map { _ in letters.randomElement(using: &rng) ?? "a" })
        if length > 2, Bool.random(using: &rng) {
            let middle = name.index(name.startIndex, offsetBy: length / 2)
            name.replaceSubrange(middle...middle, with: "-")
        }
        return name
    }

    private static func maybe<T>(_ value: T?, _ rng: inout SeededGenerator) -> T? {
        Bool.random(using: &rng) ? value : nil
    }
}
