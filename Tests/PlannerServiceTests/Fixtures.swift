import PlannerService

/// Inputs shared by the planner tests.
enum Fixtures {
    static let apiRepo = "https://github.com/wikimedia/toolhunt"
    static let cleanupRepo = "https://github.com/wikimedia/toolhunt-cleanup"
    static let apiCommit = "1111111111111111111111111111111111111111"
    static let cleanupCommit = "2222222222222222222222222222222222222222"

    /// The toolhunt tool of seed 000, in the order the user wrote it.
    static let toolhunt: [PlannedComponent] = [
        PlannedComponent(name: "toolhunt-cleanup", type: .scheduled,
                         buildSource: .repository(url: cleanupRepo, ref: nil, path: nil, command: nil),
                         runSpecHash: "cleanup-spec", waitFor: ["toolhunt-api"]),
        PlannedComponent(name: "toolhunt-api", type: .continuous,
                         buildSource: .repository(url: apiRepo, ref: nil, path: nil, command: nil),
                         runSpecHash: "api-spec", waitFor: ["toolhunt-migratedb"]),
        PlannedComponent(name: "toolhunt-migratedb", type: .oneOff,
                         buildSource: .reuseFrom("toolhunt-api"), runSpecHash: "migratedb-spec"),
        PlannedComponent(name: "toolhunt-flower", type: .continuous,
                         buildSource: .reuseFrom("toolhunt-api"), runSpecHash: "flower-spec",
                         waitFor: ["toolhunt-api"]),
    ]

    static let toolhuntCommits = [
        ResolvedCommit(repository: apiRepo, ref: nil, commit: apiCommit),
        ResolvedCommit(repository: cleanupRepo, ref: nil, commit: cleanupCommit),
    ]

    static func toolhuntInput(current: [ComponentState] = [], forceBuild: Bool = false, forceRun: Bool = false) -> PlanInput {
        PlanInput(components: toolhunt, current: current, resolvedCommits: toolhuntCommits,
                  forceBuild: forceBuild, forceRun: forceRun)
    }

    static let noSettings = BuildKey.settingsHash(path: nil, command: nil, image: nil)

    /// The state after a successful deployment of toolhunt: every run would be skipped.
    static var toolhuntDeployed: [ComponentState] {
        [
            ComponentState(component: "toolhunt-api", type: .continuous, imageID: "img-api", repository: apiRepo,
                           commit: apiCommit, buildSettingsHash: noSettings, runSpecHash: "api-spec",
                           health: .healthy, waitFor: ["toolhunt-migratedb"]),
            ComponentState(component: "toolhunt-migratedb", type: .oneOff, imageID: "img-api", repository: apiRepo,
                           commit: apiCommit, buildSettingsHash: noSettings, runSpecHash: "migratedb-spec",
                           lastResult: .succeeded),
            ComponentState(component: "toolhunt-flower", type: .continuous, imageID: "img-api", repository: apiRepo,
                           commit: apiCommit, buildSettingsHash: noSettings, runSpecHash: "flower-spec",
                           health: .healthy, waitFor: ["toolhunt-api"]),
            ComponentState(component: "toolhunt-cleanup", type: .scheduled, imageID: "img-cleanup",
                           repository: cleanupRepo, commit: cleanupCommit, buildSettingsHash: noSettings,
                           runSpecHash: "cleanup-spec", scheduled: true, waitFor: ["toolhunt-api"]),
        ]
    }

    /// A continuous component building from its own repository.
    static func service(_ name: String, repo: String? = nil, waitFor: [String] = [], spec: String = "spec",
                        type: PlannedComponent.ComponentType = .continuous) -> PlannedComponent {
        PlannedComponent(name: name, type: type,
                         buildSource: .repository(url: repo ?? "https://example.org/\(name).git", ref: nil, path: nil, command: nil),
                         runSpecHash: spec, waitFor: waitFor)
    }

    /// The state of `service(...)` after it was deployed at `commit` and is healthy.
    static func deployed(_ component: PlannedComponent, commit: String = "c1") -> ComponentState {
        var repository = ""
        var settings = noSettings
        switch component.buildSource {
        case let .repository(url, _, path, command):
            repository = url
            settings = BuildKey.settingsHash(path: path, command: command, image: nil)
        case let .image(name):
            settings = BuildKey.settingsHash(path: nil, command: nil, image: name)
        case .reuseFrom:
            break
        }
        return ComponentState(component: component.name, type: component.type, imageID: "img-\(component.name)",
                              repository: repository, commit: repository.isEmpty ? nil : commit,
                              buildSettingsHash: settings, runSpecHash: component.runSpecHash, health: .healthy,
                              lastResult: .succeeded, scheduled: true, waitFor: component.waitFor)
    }

    /// Resolves every repository of `components` to `commit`.
    static func commits(for components: [PlannedComponent], commit: String = "c1") -> [ResolvedCommit] {
        var seen = Set<String>()
        var result: [ResolvedCommit] = []
        for component in components {
            if case let .repository(url, ref, _, _) = component.buildSource, seen.insert(url + "#" + (ref ?? "")).inserted {
                result.append(ResolvedCommit(repository: url, ref: ref, commit: commit))
            }
        }
        return result
    }
}

extension Plan {
    /// The step with this id.
    func step(_ id: String) -> PlanStep? { steps.first { $0.id == id } }

    /// Steps that do something (not skipped).
    var actions: [PlanStep] { steps.filter { $0.kind != .skip } }
}
