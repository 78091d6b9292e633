/// A directed graph over nodes `0..<count` in compressed sparse rows: the edges of node `i`
/// are `target(k)` for `k` in `edges(of: i)`.
///
/// Rows and targets are stored as `Int32` (the planner caps tools far below 2^31 nodes): at
/// 100,000 components the arrays that graph walks read at random stay half as large, so
/// more of them stay in the processor's cache. Names are mapped to indices once, before any
/// graph work.
struct AdjacencyList: Sendable {
    private var start: [Int32]
    private var targets: [Int32]

    /// An empty graph with no nodes; add nodes in order with `appendNode(edges:)`.
    init(reservingNodes nodes: Int, edges: Int) {
        start = [0]
        start.reserveCapacity(nodes + 1)
        targets = []
        targets.reserveCapacity(edges)
    }

    init(start: [Int32], targets: [Int32]) {
        self.start = start
        self.targets = targets
    }

    /// Items `0..<items` sorted into `rows` rows by a stable counting sort: row `r` holds,
    /// ascending, the items whose `row(item)` is `r`; items whose row is nil are left out.
    /// Walking the targets from first to last visits the items row by row.
    init(rows: Int, grouping items: Int, by row: (Int) -> Int?) {
        var start = [Int32](repeating: 0, count: rows + 1)
        for item in 0 ..< items {
            if let r = row(item) { start[r + 1] += 1 }
        }
        for r in 0 ..< rows { start[r + 1] += start[r] }
        var fill = start
        var targets = [Int32](repeating: 0, count: Int(start[rows]))
        for item in 0 ..< items {
            if let r = row(item) {
                targets[Int(fill[r])] = Int32(truncatingIfNeeded: item)
                fill[r] += 1
            }
        }
        self.init(start: start, targets: targets)
    }

    /// Number of nodes.
    var count: Int { start.count - 1 }

    /// Number of edges.
    var edgeCount: Int { targets.count }

    /// Where the edges of `node` are (positions for `target(_:)`).
    @inline(__always)
    func edges(of node: Int) -> Range<Int> { Int(start[node]) ..< Int(start[node + 1]) }

    /// The node edge `k` points at.
    @inline(__always)
    func target(_ k: Int) -> Int { Int(targets[k]) }

    /// The nodes `node` has edges to, in order, without copying them.
    @inline(__always)
    func targets(of node: Int) -> LazyMapCollection<Range<Int>, Int> {
        edges(of: node).lazy.map { Int(self.targets[$0]) }
    }

    /// Adds the next node with its edges (see `appendEdge` and `closeNode`).
    mutating func appendNode(edges: some Sequence<Int>) {
        for target in edges { targets.append(Int32(truncatingIfNeeded: target)) }
        closeNode()
    }

    /// Adds an edge to the node being built.
    @inline(__always)
    mutating func appendEdge(_ target: Int) {
        targets.append(Int32(truncatingIfNeeded: target))
    }

    /// Ends the node being built: its edges are sorted and freed of duplicates, so that
    /// every later walk over them is deterministic.
    mutating func closeNode() {
        let first = Int(start[start.count - 1])
        let end = targets.count
        if end - first > 1 {
            // Rows are short (a few wait-for entries): insertion sort beats a generic sort.
            for k in (first + 1) ..< end {
                let value = targets[k]
                var j = k
                while j > first && targets[j - 1] > value {
                    targets[j] = targets[j - 1]
                    j -= 1
                }
                targets[j] = value
            }
            var kept = first + 1
            for k in (first + 1) ..< end where targets[k] != targets[kept - 1] {
                targets[kept] = targets[k]
                kept += 1
            }
            if kept < end { targets.removeSubrange(kept...) }
        }
        start.append(Int32(truncatingIfNeeded: targets.count))
    }

    /// Ends a node whose edges were appended already sorted and unique.
    @inline(__always)
    mutating func closeRow() {
        start.append(Int32(truncatingIfNeeded: targets.count))
    }

    /// The same graph with every edge turned around; each node's edges stay sorted.
    func reversed() -> AdjacencyList {
        let n = count
        var newStart = [Int32](repeating: 0, count: n + 1)
        for t in targets { newStart[Int(t) + 1] += 1 }
        for i in 0 ..< n { newStart[i + 1] += newStart[i] }
        var fill = newStart
        var newTargets = [Int32](repeating: 0, count: targets.count)
        // Sources are visited in ascending order, so each reversed row comes out sorted.
        for source in 0 ..< n {
            for k in edges(of: source) {
                let t = Int(targets[k])
                newTargets[Int(fill[t])] = Int32(truncatingIfNeeded: source)
                fill[t] += 1
            }
        }
        return AdjacencyList(start: newStart, targets: newTargets)
    }
}

/// The outcome of ordering a graph whose edges point at what a node depends on.
enum TopologicalOrder: Equatable {
    /// Every node after all of its dependencies; ties broken by ascending index.
    case ordered([Int])
    /// A cycle, as nodes each depending on the next, the first repeated at the end and
    /// rotated to start at its smallest node.
    case cycle([Int])
}

extension AdjacencyList {
    /// Kahn's algorithm, O(nodes + edges), reading each edge as "depends on".
    ///
    /// Never loops on a cycle: nodes on or behind one simply never become ready, and one
    /// cycle among them is reported instead.
    func topologicalOrder() -> TopologicalOrder {
        let n = count
        var waiting = [Int32](repeating: 0, count: n)
        var order: [Int] = []
        order.reserveCapacity(n)
        for node in 0 ..< n {
            waiting[node] = start[node + 1] - start[node]
            if waiting[node] == 0 { order.append(node) }
        }
        let dependents = reversed()
        var head = 0
        while head < order.count {
            let node = order[head]
            head += 1
            for k in dependents.edges(of: node) {
                let dependent = Int(dependents.targets[k])
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { order.append(dependent) }
            }
        }
        if order.count == n { return .ordered(order) }
        return .cycle(findCycle(unresolved: waiting))
    }

    /// Walks from the smallest unresolved node along unresolved dependencies until a node
    /// repeats. Every unresolved node has one (else it would have become ready), so the walk
    /// ends within `count` steps.
    private func findCycle(unresolved waiting: [Int32]) -> [Int] {
        guard var current = waiting.firstIndex(where: { $0 > 0 }) else { return [] }
        var position = [Int](repeating: -1, count: count)
        var path: [Int] = []
        while position[current] < 0 {
            position[current] = path.count
            path.append(current)
            guard let next = edges(of: current).lazy.map({ self.target($0) }).first(where: { waiting[$0] > 0 }) else {
                return path
            }
            current = next
        }
        let loop = Array(path[position[current]...])
        let smallest = loop.indices.min(by: { loop[$0] < loop[$1] }) ?? 0
        let rotated = Array(loop[smallest...] + loop[..<smallest])
        return rotated + [rotated[0]]
    }
}
