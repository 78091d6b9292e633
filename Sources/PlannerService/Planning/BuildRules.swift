/// Which images are built, and which image each component will run.
///
/// Components whose own sources have the same `ImageIdentity` share one build step, named
/// after the first of them by name; `reuse-from` components run the image of the component
/// they reuse; registry images need no build.
struct BuildDecisions {
    /// One build step, done or skipped.
    struct Build {
        /// `build:NAME` of its first member.
        var id: String
        /// The first member by name.
        var component: String
        /// The components that build this image themselves, sorted.
        var members: [String]
        var identity: ImageIdentity
        /// Whether the build runs (else it is skipped as reused).
        var built = false
        var reason = ""
    }

    /// Build steps in name order of their first member.
    let builds: [Build]
    /// Component → the component whose image it reuses, followed to one with a build source
    /// of its own; only components with `reuse-from` are here.
    let reused: [String: String]
    /// Component with a source of its own → the identity of the image it builds.
    private let own: [String: ImageIdentity]
    /// Component that builds itself → the index of its build in `builds`.
    private let buildOf: [String: Int]

    init(_ named: NamedInput, input: PlanInput) throws(PlannerError) {
        var commits: [RepositoryRef: String] = [:]
        for resolved in input.resolvedCommits {
            commits[RepositoryRef(url: resolved.repository, ref: resolved.ref)] = resolved.commit
        }
        var own = [String: ImageIdentity](minimumCapacity: named.components.count)
        var settingsHashes: [BuildSettings: String] = [:]
        for component in named.components {
            own[component.name] = ImageIdentity(source: component.buildSource, commits: commits, settingsHashes: &settingsHashes)
        }
        let reused = try Self.followReuseFrom(named)
        var (builds, buildOf) = Self.sharedBuilds(named, own: own)
        var existing = Set(input.existingBuilds.map(ImageIdentity.init))
        for record in input.current where record.imageID != nil && record.commit != nil {
            existing.insert(ImageIdentity(record))
        }
        for b in builds.indices {
            (builds[b].built, builds[b].reason) = Self.decideBuild(builds[b], named: named, existing: existing,
                                                                   forceBuild: input.forceBuild)
        }
        self.builds = builds
        self.reused = reused
        self.own = own
        self.buildOf = buildOf
    }

    /// The component whose build source gives `name` its image: itself unless it reuses another's.
    func provider(of name: String) -> String { reused[name] ?? name }

    /// The identity of the image `name` will run.
    func desiredImage(of name: String) -> ImageIdentity? { own[provider(of: name)] }

    /// The id of the build step that gives `name` a new image; nil when its image is reused
    /// or comes from the registry.
    func newImageBuild(of name: String) -> String? {
        guard let b = buildOf[provider(of: name)], builds[b].built else { return nil }
        return builds[b].id
    }

    // MARK: - Rules

    /// Follows `reuse-from` to the component that has a build source of its own, refusing
    /// unknown names and cycles.
    static func followReuseFrom(_ named: NamedInput) throws(PlannerError) -> [String: String] {
        var next: [String: String] = [:]
        for component in named.components {
            guard case let .reuseFrom(target) = component.buildSource else { continue }
            guard named.desired.contains(target) else {
                throw PlannerError(code: .unknownComponent,
                                   message: "components.\(component.name).build.reuse-from names \(target), which is not a component of this config.")
            }
            next[component.name] = target
        }
        var reused: [String: String] = [:]
        for start in named.names where next[start] != nil && reused[start] == nil {
            var path: [String] = []
            var current = start
            // Follow the chain to a component that builds itself, or to one already followed.
            while let target = next[current], reused[current] == nil {
                if let loopStart = path.firstIndex(of: current) {
                    let cycle = DependencyOrder.closedLoop(Array(path[loopStart...]))
                    throw PlannerError(code: .cycle,
                                       message: "reuse-from cycle: \(cycle.joined(separator: " → ")). One of these components must build from a repository.",
                                       cycle: cycle)
                }
                path.append(current)
                current = target
            }
            let source = reused[current] ?? current
            for node in path { reused[node] = source }
        }
        return reused
    }

    /// Components that build the same image from their own source share one build. Returns
    /// the builds and, for each component that builds itself, the index of its build.
    static func sharedBuilds(_ named: NamedInput, own: [String: ImageIdentity]) -> ([Build], [String: Int]) {
        var builds: [Build] = []
        var buildOf = [String: Int](minimumCapacity: named.components.count)
        var buildOfIdentity: [ImageIdentity: Int] = [:]
        for component in named.components {
            let name = component.name
            guard case .repository = component.buildSource, let identity = own[name] else { continue }
            if let b = buildOfIdentity[identity] {
                builds[b].members.append(name)
                buildOf[name] = b
            } else {
                buildOfIdentity[identity] = builds.count
                buildOf[name] = builds.count
                builds.append(Build(id: "build:" + name, component: name, members: [name], identity: identity))
            }
        }
        return (builds, buildOf)
    }

    /// Build when the image is new or changed, reuse it when it exists (unless forced).
    static func decideBuild(_ build: Build, named: NamedInput, existing: Set<ImageIdentity>,
                            forceBuild: Bool) -> (built: Bool, reason: String) {
        let record = build.members.lazy.compactMap { named.records[$0] }.first
        func shared(_ reason: String) -> String {
            build.members.count > 1 ? "\(reason) (one build for \(build.members.joined(separator: ", ")))" : reason
        }
        guard case let .commit(commit) = build.identity.revision else {
            guard record != nil else { return (true, shared("New component")) }
            var ref = "the default branch"
            if case let .unresolved(name?) = build.identity.revision { ref = name }
            return (true, shared("The commit of \(ref) is not resolved, so the image is built anew"))
        }
        if existing.contains(build.identity) {
            return forceBuild ? (true, shared("Forced build (--force-build)")) : (false, "Reusing existing build")
        }
        guard let record else { return (true, shared("New component")) }
        return (true, shared(whatChanged(since: record, repository: build.identity.repository, commit: commit,
                                         settingsHash: build.identity.settingsHash)))
    }

    /// Why a deployed component's image must be built again.
    static func whatChanged(since record: ComponentState, repository: String, commit: String, settingsHash: String) -> String {
        if (record.repository ?? "") != repository {
            return "Repository changed (was \(record.repository.map { $0.isEmpty ? "a registry image" : $0 } ?? "unknown"))"
        }
        if record.commit != commit {
            return "New commit \(commit.prefix(12))" + (record.commit.map { " (was \($0.prefix(12)))" } ?? "")
        }
        if record.buildSettingsHash != settingsHash { return "Build settings changed" }
        return "No image recorded for this build"
    }
}
