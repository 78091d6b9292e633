/// The generations in which nodes can go when each waits for its dependencies, by Kahn's
/// algorithm, or a cycle that makes any order impossible.
enum DependencyOrder: Equatable {
    /// Generation after generation, each sorted: a node's generation is one past the latest
    /// of its dependencies, so all of a generation can go in parallel.
    case generations([[String]])
    /// A cycle, as nodes each depending on the next, rotated to start at its smallest node
    /// and with that node repeated at the end.
    case cycle([String])

    /// Orders `nodes` (sorted) where `dependencies[node]` lists, sorted, the nodes it waits for;
    /// dependencies that are not among `nodes` are ignored.
    ///
    /// Never loops on a cycle: nodes on or behind one never become ready, and one cycle among
    /// them is reported instead.
    init(nodes: [String], dependencies: [String: [String]]) {
        // Kahn's algorithm on the nodes' positions, so each edge is looked up by name once.
        let position = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
        var waiting = [Int](repeating: 0, count: nodes.count)
        var dependents = [[Int]](repeating: [], count: nodes.count)
        for (node, name) in nodes.enumerated() {
            for need in dependencies[name] ?? [] {
                guard let p = position[need] else { continue }
                waiting[node] += 1
                dependents[p].append(node)
            }
        }
        var generations: [[String]] = []
        var ready = nodes.indices.filter { waiting[$0] == 0 }
        var placed = 0
        while !ready.isEmpty {
            generations.append(ready.map { nodes[$0] })
            placed += ready.count
            var next: [Int] = []
            for node in ready {
                for dependent in dependents[node] {
                    waiting[dependent] -= 1
                    if waiting[dependent] == 0 { next.append(dependent) }
                }
            }
            // Positions follow the sorted names, so sorted positions are names in order.
            ready = next.sorted()
        }
        if placed == nodes.count {
            self = .generations(generations)
        } else {
            self = .cycle(Self.cycle(nodes: nodes, dependencies: dependencies,
                                     unresolved: { position[$0].map { waiting[$0] > 0 } ?? false }))
        }
    }

    /// Walks from the smallest unresolved node along unresolved dependencies until a node
    /// repeats. Every unresolved node has one (else it would have become ready), so the walk
    /// ends within `nodes.count` steps.
    private static func cycle(nodes: [String], dependencies: [String: [String]],
                              unresolved: (String) -> Bool) -> [String] {
        guard var current = nodes.first(where: unresolved) else { return [] }
        var position: [String: Int] = [:]
        var path: [String] = []
        while position[current] == nil {
            position[current] = path.count
            path.append(current)
            guard let next = (dependencies[current] ?? []).first(where: unresolved) else { return path }
            current = next
        }
        return closedLoop(Array(path[(position[current] ?? 0)...]))
    }

    /// A loop of nodes rotated to start at its smallest, that one repeated at the end.
    static func closedLoop(_ loop: [String]) -> [String] {
        guard let smallest = loop.indices.min(by: { loop[$0] < loop[$1] }) else { return [] }
        let rotated = Array(loop[smallest...] + loop[..<smallest])
        return rotated + [rotated[0]]
    }
}
