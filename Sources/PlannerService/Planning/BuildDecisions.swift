/// Which images must be built, and which component runs which image.
///
/// Components whose sources have the same build key (repository, commit, path, build command,
/// image) share one build group and so one build step; `reuse-from` components run the image
/// of the component they reuse. Strings are interned once, so keys are compared as integers.
struct BuildDecisions {
    /// One build: the components building from the same key.
    struct Group {
        var key: ImageKey
        /// The first component, by name, that builds from this key itself; it names the step.
        var first: Int
        /// Whether a build step runs (else it is skipped as reused).
        var built: Bool = false
        var reason: String = ""
    }

    /// The component whose build source gives component `i` its image (`i` itself unless it
    /// reuses another's).
    let provider: [Int]
    /// The key of the image component `i` will run.
    let desired: [ImageKey]
    /// The build group of component `i`'s image; -1 for a registry image (nothing to build).
    let group: [Int]
    /// The group whose build step gives component `i` a new image, or -1.
    let build: [Int]
    /// Build groups in order of their first member, hence in name order of their step ids.
    let groups: [Group]
    /// Group `g`'s members: the components that build from its key themselves, ascending,
    /// are `members.target(k)` for `k` in `members.edges(of: g)`.
    let members: AdjacencyList

    private let keys: ImageKeyTables

    init(_ index: ComponentIndex, input: PlanInput) throws(PlannerError) {
        let n = index.count
        var keys = ImageKeyTables(resolvedCommits: input.resolvedCommits.count)

        // (repository, ref) ids → commit id.
        var sources = PackedKeyTable(capacity: input.resolvedCommits.count)
        var commitOfSource: [Int32] = []
        for commit in input.resolvedCommits {
            let repository = Int32(keys.repositories.intern(commit.repository).id)
            let (id, inserted) = sources.intern(pack(repository, keys.refID(commit.ref, adding: true)), 0)
            let commitID = Int32(keys.commits.intern(commit.commit).id)
            if inserted { commitOfSource.append(commitID) } else { commitOfSource[id] = commitID }
        }

        // Each component's own image key, or whom it reuses, reading the input in its order.
        // Repository URLs and reused names are looked up in batches (see
        // `StringTable.ids(of:)`): at 100,000 components their probes miss the cache, and
        // independent lookups let the processor overlap those misses.
        var own = [ImageKey](repeating: ImageKey.unknownKey, count: n)
        var buildsItself = [Bool](repeating: false, count: n)
        var reuses = [Int](repeating: -1, count: n)
        var urls: [String] = []
        var urlOwners: [Int] = []
        var reusedNames: [String] = []
        var reusers: [Int] = []
        for p in 0 ..< n {
            let i = index.rank[p]
            switch index.components[p].buildSource {
            case let .repository(url, _, _, _):
                urls.append(url)
                urlOwners.append(p)
            case let .image(name):
                own[i] = ImageKey(repository: Int32(keys.repositories.intern("").id), unresolvedRef: ImageKey.none,
                                  commit: ImageKey.none, settings: keys.settingsID(path: nil, command: nil, image: name))
            case let .reuseFrom(name):
                reusedNames.append(name)
                reusers.append(i)
            }
        }
        let urlIDs = keys.repositories.ids(of: urls)
        for (k, p) in urlOwners.enumerated() {
            guard case let .repository(url, ref, path, command) = index.components[p].buildSource else { continue }
            let i = index.rank[p]
            let repository = Int32(urlIDs[k] >= 0 ? urlIDs[k] : keys.repositories.intern(url).id)
            let refID = keys.refID(ref, adding: false)
            let settings = keys.settingsID(path: path, command: command, image: nil)
            if refID != ImageKey.unknown, let source = sources.id(pack(repository, refID), 0) {
                own[i] = ImageKey(repository: repository, unresolvedRef: ImageKey.none,
                                  commit: commitOfSource[source], settings: settings)
            } else {
                // Unresolved: a build of its own per ref, never matching an existing image.
                own[i] = ImageKey(repository: repository, unresolvedRef: keys.refID(ref, adding: true),
                                  commit: ImageKey.none, settings: settings)
            }
            buildsItself[i] = true
        }
        var unknown: (index: Int, name: String)?
        for (k, target) in index.indices(of: reusedNames).enumerated() {
            let i = reusers[k]
            if target >= 0 {
                reuses[i] = target
            } else if unknown.map({ i < $0.index }) ?? true {
                unknown = (i, reusedNames[k])
            }
        }
        if let unknown {
            throw PlannerError(code: .unknownComponent,
                               message: "components.\(index.names[unknown.index]).build.reuse-from names \(unknown.name), which is not a component of this config.")
        }
        let provider = try Self.resolveProviders(reuses, index)

        // Groups in index order, so each is named after its first member by name.
        var group = [Int](repeating: -1, count: n)
        var groups: [Group] = []
        var groupOfKey = PackedKeyTable(capacity: n / 2)
        for i in 0 ..< n where buildsItself[i] {
            let (g, inserted) = groupOfKey.intern(own[i].packed.0, own[i].packed.1)
            if inserted { groups.append(Group(key: own[i], first: i)) }
            group[i] = g
        }
        // Members in one graph, group after group (no array per group).
        let members = AdjacencyList(rows: groups.count, grouping: n) { buildsItself[$0] ? group[$0] : nil }

        if !groups.isEmpty {
            var existing = Set<ImageKey>()
            for build in input.existingBuilds {
                existing.insert(keys.key(repository: build.repository, commit: build.commit, settingsHash: build.settingsHash))
            }
            for record in input.current where record.imageID != nil && record.commit != nil {
                existing.insert(keys.key(of: record))
            }
            for g in groups.indices {
                let (built, reason) = Self.decide(groups[g], members: members.targets(of: g), index: index,
                                                  keys: keys, existing: existing, forceBuild: input.forceBuild)
                groups[g].built = built
                groups[g].reason = reason
            }
        }

        var desired: [ImageKey] = []
        desired.reserveCapacity(n)
        var build = [Int](repeating: -1, count: n)
        for i in 0 ..< n {
            let p = provider[i]
            desired.append(own[p])
            group[i] = group[p]
            if group[i] >= 0 && groups[group[i]].built { build[i] = group[i] }
        }

        self.provider = provider
        self.desired = desired
        self.group = group
        self.build = build
        self.groups = groups
        self.members = members
        self.keys = keys
    }

    /// Whether component `i` gets a freshly built image in this plan.
    @inline(__always)
    func isRebuilt(_ i: Int) -> Bool { build[i] >= 0 }

    /// The key of the image a state record says the component runs.
    func key(of record: ComponentState) -> ImageKey { keys.key(of: record) }

    // MARK: - Decisions

    private static func decide(_ group: Group, members: some Collection<Int>, index: ComponentIndex, keys: ImageKeyTables,
                               existing: Set<ImageKey>, forceBuild: Bool) -> (built: Bool, reason: String) {
        var record: ComponentState?
        for member in members where index.state[member] >= 0 {
            record = index.record(member)
            break
        }
        func shared(_ reason: String) -> String { Self.naming(members, in: reason, index: index) }
        guard group.key.commit != ImageKey.none else {
            guard record != nil else { return (true, shared("New component")) }
            var ref = "the default branch"
            if case let .repository(_, name?, _, _) = index.components[index.order[group.first]].buildSource { ref = name }
            return (true, shared("The commit of \(ref) is not resolved, so the image is built anew"))
        }
        if !existing.isEmpty && existing.contains(group.key) {
            return forceBuild ? (true, shared("Forced build (--force-build)")) : (false, "Reusing existing build")
        }
        guard let record else {
            return (true, shared("New component"))
        }
        let repository = keys.repositories.strings[Int(group.key.repository)]
        let commit = keys.commits.strings[Int(group.key.commit)]
        let reason: String
        if (record.repository ?? "") != repository {
            reason = "Repository changed (was \(record.repository.map { $0.isEmpty ? "a registry image" : $0 } ?? "unknown"))"
        } else if record.commit != commit {
            reason = "New commit \(commit.prefix(12))" + (record.commit.map { " (was \($0.prefix(12)))" } ?? "")
        } else if record.buildSettingsHash != keys.settingsHashes[Int(group.key.settings)] {
            reason = "Build settings changed"
        } else {
            reason = "No image recorded for this build"
        }
        return (true, shared(reason))
    }

    /// `reason`, naming the components of a shared build (one allocation).
    private static func naming(_ members: some Collection<Int>, in reason: String, index: ComponentIndex) -> String {
        guard members.count > 1 else { return reason }
        var length = reason.utf8.count + 17
        for member in members { length += index.names[member].utf8.count + 2 }
        var text = ""
        text.reserveCapacity(length)
        text += reason
        text += " (one build for "
        var first = true
        for member in members {
            if !first { text += ", " }
            first = false
            text += index.names[member]
        }
        text += ")"
        return text
    }

    /// Follows `reuse-from` (`reuses[i]`, -1 for none) to the component that has a build
    /// source of its own.
    private static func resolveProviders(_ reuses: [Int], _ index: ComponentIndex) throws(PlannerError) -> [Int] {
        let n = reuses.count
        var provider = [Int](repeating: -1, count: n)
        var onPath = [Bool](repeating: false, count: n)
        var path: [Int] = []
        for start in 0 ..< n where provider[start] < 0 {
            var current = start
            path.removeAll(keepingCapacity: true)
            while provider[current] < 0 {
                let next = reuses[current]
                guard next >= 0 else {
                    provider[current] = current
                    break
                }
                if onPath[current] {
                    let loop = Array(path[(path.firstIndex(of: current) ?? 0)...])
                    let smallest = loop.indices.min(by: { loop[$0] < loop[$1] }) ?? 0
                    let cycle = Array(loop[smallest...] + loop[..<smallest]) + [loop[smallest]]
                    let names = index.describe(cycle: cycle)
                    throw PlannerError(code: .cycle,
                                       message: "reuse-from cycle: \(names.joined(separator: " → ")). One of these components must build from a repository.",
                                       cycle: names)
                }
                onPath[current] = true
                path.append(current)
                current = next
            }
            let resolved = provider[current]
            for node in path {
                provider[node] = resolved
                onPath[node] = false
            }
        }
        return provider
    }
}
