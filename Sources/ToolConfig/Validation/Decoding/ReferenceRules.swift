/// Rules between components: `reuse-from` targets exist and build from a repository (no
/// chains), `wait-for` targets exist, no component waits for itself, and wait-for has no
/// cycle (reported with its members: `a → b → c → a`), and no two components publish the same
/// path (the router could send it to only one of them).
enum ReferenceRules {
    static func check(_ drafts: [ComponentDraft], context: inout DecodingContext) {
        let byName = Dictionary(drafts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = drafts.map(\.name)
        for draft in drafts {
            checkReuse(draft, byName: byName, names: names, context: &context)
            for reference in draft.waitFor {
                if reference.name == draft.name {
                    context.error(reference.path, reference.mark,
                        "component \"\(draft.name)\" waits for itself; remove \"\(draft.name)\" from its wait-for")
                } else if byName[reference.name] == nil {
                    context.error(reference.path, reference.mark,
                        "wait-for names \"\(reference.name.truncatedForMessage)\", which is not a component of this config; \(hint(reference.name, names))")
                }
            }
        }
        reportCycles(drafts, byName: byName, context: &context)
        checkPublishedPaths(drafts, context: &context)
    }

    /// Reported at the later component (in name order) of each pair that publishes one path.
    private static func checkPublishedPaths(_ drafts: [ComponentDraft], context: inout DecodingContext) {
        var owners: [String: String] = [:]
        for draft in drafts.sorted(by: { $0.name < $1.name }) {
            guard let path = draft.run.publishedPath else { continue }
            if let owner = owners[path] {
                context.error("\(draft.path).run.publish", draft.keyMark,
                    "component \"\(draft.name)\" publishes \(path), which \"\(owner)\" publishes too; give one of them another path such as /\(draft.name)")
            } else {
                owners[path] = draft.name
            }
        }
    }

    private static func hint(_ name: String, _ names: [String]) -> String {
        if let close = FieldSuggester.suggestion(for: name, among: names) { return "did you mean \"\(close)\"?" }
        return "use one of: \(names.sorted().joined(separator: ", "))"
    }

    private static func checkReuse(_ draft: ComponentDraft, byName: [String: ComponentDraft], names: [String],
                                   context: inout DecodingContext) {
        guard case .reuseFrom(let target, let mark, let path)? = draft.buildSource else { return }
        if target == draft.name {
            context.error(path, mark,
                "component \"\(draft.name)\" cannot reuse its own image; build it from a repository or reuse another component")
            return
        }
        guard let other = byName[target] else {
            context.error(path, mark,
                "reuse-from names \"\(target.truncatedForMessage)\", which is not a component of this config; \(hint(target, names))")
            return
        }
        switch other.buildSource {
        case .reuseFrom(let next, _, _)?:
            let fix = next == draft.name ? "build one of them from a repository" : "use reuse-from: \(next) directly"
            context.error(path, mark,
                "\"\(target)\" itself reuses \"\(next)\"; reuse-from must name a component that builds from a repository, \(fix)")
        case .image?:
            context.error(path, mark,
                "\"\(target)\" builds from an image, not a repository; use the same image: here instead of reuse-from")
        case .repository?, nil:
            break
        }
    }

    /// Finds every wait-for cycle with Tarjan's strongly connected components and reports
    /// one concrete cycle per component group, at the wait-for entry that starts it.
    private static func reportCycles(_ drafts: [ComponentDraft], byName: [String: ComponentDraft],
                                     context: inout DecodingContext) {
        let sortedNames = drafts.map(\.name).sorted()
        var edges: [String: [ComponentReference]] = [:]
        for draft in drafts {
            edges[draft.name] = draft.waitFor.filter { byName[$0.name] != nil && $0.name != draft.name }
                .sorted { $0.name < $1.name }
        }
        for group in StronglyConnected.components(nodes: sortedNames, edges: { edges[$0]?.map(\.name) ?? [] })
        where group.count > 1 {
            guard let start = group.min(), let cycle = findCycle(from: start, within: Set(group), edges: edges),
                  cycle.count > 1, let first = edges[start]?.first(where: { $0.name == cycle[1] }) else { continue }
            let shown = (cycle + [start]).joined(separator: " → ")
            context.error(first.path, first.mark,
                "wait-for forms a cycle: \(shown); remove one of these wait-for entries")
        }
    }

    /// A path start → ... → (edge back to start) inside one strongly connected group.
    private static func findCycle(from start: String, within group: Set<String>,
                                  edges: [String: [ComponentReference]]) -> [String]? {
        var path = [start]
        var visited: Set<String> = [start]
        func visit(_ node: String) -> Bool {
            for next in edges[node] ?? [] where group.contains(next.name) {
                if next.name == start { return true }
                if visited.insert(next.name).inserted {
                    path.append(next.name)
                    if visit(next.name) { return true }
                    path.removeLast()
                }
            }
            return false
        }
        return visit(start) ? path : nil
    }
}

/// Tarjan's algorithm, iterative so that a 1,000-component chain cannot overflow the stack.
enum StronglyConnected {
    static func components(nodes: [String], edges: (String) -> [String]) -> [[String]] {
        var index: [String: Int] = [:]
        var lowLink: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var result: [[String]] = []
        var counter = 0
        for root in nodes where index[root] == nil {
            var work: [(node: String, next: Int)] = [(root, 0)]
            index[root] = counter; lowLink[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while var frame = work.popLast() {
                let successors = edges(frame.node)
                if frame.next < successors.count {
                    let successor = successors[frame.next]
                    frame.next += 1
                    work.append(frame)
                    if index[successor] == nil {
                        index[successor] = counter; lowLink[successor] = counter; counter += 1
                        stack.append(successor); onStack.insert(successor)
                        work.append((successor, 0))
                    } else if onStack.contains(successor) {
                        lowLink[frame.node] = min(lowLink[frame.node] ?? 0, index[successor] ?? 0)
                    }
                    continue
                }
                if let parent = work.last?.node {
                    lowLink[parent] = min(lowLink[parent] ?? 0, lowLink[frame.node] ?? 0)
                }
                if lowLink[frame.node] == index[frame.node] {
                    var group: [String] = []
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        group.append(member)
                        if member == frame.node { break }
                    }
                    result.append(group)
                }
            }
        }
        return result
    }
}
