import PlannerService

/// SplitMix64: a tiny seeded generator, so a property-test seed reproduces its whole tool.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Random tools whose wait-for and reuse-from edges form a DAG (edges only to lower
/// indices), with random current state, removed components and resolved commits.
struct RandomTool {
    var components: [PlannedComponent]
    var current: [ComponentState]
    var commits: [ResolvedCommit]

    var input: PlanInput { PlanInput(components: components, current: current, resolvedCommits: commits) }

    init(seed: UInt64, size: Int) {
        var rng = SplitMix64(seed: seed)
        let repos = (0 ..< max(1, size / 5)).map { "https://example.org/r\($0).git" }
        let refs: [String?] = [nil, "main"]
        // Names are a shuffled numbering, so index order and name order differ.
        let names = (0 ..< size).map { "c\($0)" }.shuffled(using: &rng)
        var components: [PlannedComponent] = []
        var builders: [Int] = []
        for i in 0 ..< size {
            let type = PlannedComponent.ComponentType.allCases.randomElement(using: &rng) ?? .continuous
            let roll = Int.random(in: 0 ..< 100, using: &rng)
            let source: BuildSource
            if roll < 25, let reused = builders.randomElement(using: &rng) {
                source = .reuseFrom(names[reused])
            } else if roll < 35 {
                source = .image("image-\(Int.random(in: 0 ..< 3, using: &rng))")
            } else {
                source = .repository(url: repos.randomElement(using: &rng) ?? repos[0],
                                     ref: refs.randomElement(using: &rng) ?? nil,
                                     path: Bool.random(using: &rng) ? nil : "sub",
                                     command: Int.random(in: 0 ..< 4, using: &rng) == 0 ? "make" : nil)
                builders.append(i)
            }
            let waits = i == 0 ? [] : (0 ..< Int.random(in: 0 ... 3, using: &rng)).map { _ in
                names[Int.random(in: 0 ..< i, using: &rng)]
            }
            components.append(PlannedComponent(name: names[i], type: type, buildSource: source,
                                               runSpecHash: "spec\(Int.random(in: 0 ..< 3, using: &rng))", waitFor: waits))
        }

        var commits: [ResolvedCommit] = []
        for repo in repos {
            for ref in refs where Int.random(in: 0 ..< 10, using: &rng) > 0 {
                commits.append(ResolvedCommit(repository: repo, ref: ref, commit: "commit\(Int.random(in: 0 ..< 2, using: &rng))"))
            }
        }

        self.components = components
        self.commits = commits
        self.current = []

        // Start from what a deployment of this very tool leaves, then disturb it, so plans
        // mix reused builds and skipped runs with rebuilds and restarts.
        var current: [ComponentState] = []
        for var state in deployedState() where Int.random(in: 0 ..< 10, using: &rng) < 8 {
            if Int.random(in: 0 ..< 10, using: &rng) == 0 { state.commit = "commit\(Int.random(in: 0 ..< 3, using: &rng))" }
            if Int.random(in: 0 ..< 10, using: &rng) == 0 { state.runSpecHash = "spec\(Int.random(in: 0 ..< 3, using: &rng))" }
            if Int.random(in: 0 ..< 20, using: &rng) == 0 { state.imageID = nil }
            if Int.random(in: 0 ..< 20, using: &rng) == 0 { state.type = nil }
            if Int.random(in: 0 ..< 10, using: &rng) == 0 {
                state.health = ComponentState.Health.allCases.randomElement(using: &rng) ?? .unknown
                state.lastResult = ComponentState.RunResult.allCases.randomElement(using: &rng) ?? .none
                state.scheduled = Bool.random(using: &rng)
            }
            current.append(state)
        }
        // Removed components, waiting for earlier removed ones (and some kept ones).
        let removedCount = Int.random(in: 0 ... max(1, size / 10), using: &rng)
        for r in 0 ..< removedCount {
            let waits = (0 ..< Int.random(in: 0 ... 2, using: &rng)).compactMap { _ -> String? in
                if r > 0, Bool.random(using: &rng) { return "gone\(Int.random(in: 0 ..< r, using: &rng))" }
                return components.randomElement(using: &rng)?.name
            }
            current.append(ComponentState(component: "gone\(r)", imageID: "img", health: .healthy, waitFor: waits))
        }

        self.current = current
    }

    /// The same tool listed in another order: components, their wait-for lists, state
    /// records and commits all shuffled.
    func shuffled(seed: UInt64) -> RandomTool {
        var rng = SplitMix64(seed: seed)
        var copy = self
        copy.components = components.map { component in
            var c = component
            c.waitFor.shuffle(using: &rng)
            return c
        }.shuffled(using: &rng)
        copy.current = current.shuffled(using: &rng)
        copy.commits = commits.shuffled(using: &rng)
        return copy
    }

    /// The state that deploying this tool successfully leaves: every component healthy,
    /// completed or scheduled on the image and spec it asks for, nothing removed.
    func deployedState() -> [ComponentState] {
        var byName: [String: PlannedComponent] = [:]
        for component in components { byName[component.name] = component }
        var commitOf: [String: String] = [:]
        for resolved in commits { commitOf[resolved.repository + "#" + (resolved.ref ?? "")] = resolved.commit }
        return components.map { component in
            var source = component.buildSource
            while case let .reuseFrom(name) = source, let next = byName[name] { source = next.buildSource }
            var state = ComponentState(component: component.name, type: component.type, imageID: "img",
                                       runSpecHash: component.runSpecHash, health: .healthy, lastResult: .succeeded,
                                       scheduled: true, waitFor: component.waitFor)
            switch source {
            case let .repository(url, ref, path, command):
                state.repository = url
                state.commit = commitOf[url + "#" + (ref ?? "")]
                state.buildSettingsHash = BuildKey.settingsHash(path: path, command: command, image: nil)
            case let .image(name):
                state.repository = ""
                state.buildSettingsHash = BuildKey.settingsHash(path: nil, command: nil, image: name)
            case .reuseFrom:
                break
            }
            return state
        }
    }

    /// Every repository ref resolved, so that a deployed state can match it.
    mutating func resolveAllRefs() {
        var seen = Set<String>()
        for c in commits { seen.insert(c.repository + "#" + (c.ref ?? "")) }
        for component in components {
            if case let .repository(url, ref, _, _) = component.buildSource, seen.insert(url + "#" + (ref ?? "")).inserted {
                commits.append(ResolvedCommit(repository: url, ref: ref, commit: "commit0"))
            }
        }
    }
}
