// The planner's own graph core (AdjacencyList.swift, the same file the planner compiles)
// timed on the integer graph networkx gets: the like-for-like comparison with
// networkx.topological_generations, without names, build decisions or the plan's steps.

/// Node `v` depends on node `u` for every edge (u, v): rows in compressed sparse form.
func dependencyGraph(size: Int, edges: [(Int, Int)]) -> AdjacencyList {
    var start = [Int32](repeating: 0, count: size + 1)
    for (_, v) in edges { start[v + 1] += 1 }
    for i in 0 ..< size { start[i + 1] += start[i] }
    var fill = start
    var targets = [Int32](repeating: 0, count: edges.count)
    for (u, v) in edges {
        targets[Int(fill[v])] = Int32(u)
        fill[v] += 1
    }
    return AdjacencyList(start: start, targets: targets)
}

/// The number of topological generations: Kahn's order, then each node one level past its
/// deepest dependency (what the planner does for its run levels).
func generationCount(_ graph: AdjacencyList) -> Int {
    guard case let .ordered(order) = graph.topologicalOrder() else { return -1 }
    var level = [Int](repeating: 0, count: graph.count)
    var levels = 0
    for node in order {
        var l = 0
        for k in graph.edges(of: node) { l = max(l, level[graph.target(k)] + 1) }
        level[node] = l
        levels = max(levels, l + 1)
    }
    return levels
}
