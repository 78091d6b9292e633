@testable import PlannerService
import Testing

@Suite struct AdjacencyListTests {
    private func graph(_ rows: [[Int]]) -> AdjacencyList {
        var g = AdjacencyList(reservingNodes: rows.count, edges: 0)
        for row in rows { g.appendNode(edges: row) }
        return g
    }

    @Test func rowsAreSortedAndDeduplicated() {
        let g = graph([[2, 1, 2, 1], [], [0]])
        #expect(g.edges(of: 0).map(g.target) == [1, 2])
        #expect(g.edges(of: 1).isEmpty)
    }

    @Test func reversedTurnsEveryEdgeAround() {
        let r = graph([[1, 2], [2], []]).reversed()
        #expect(r.edges(of: 0).map(r.target) == [])
        #expect(r.edges(of: 1).map(r.target) == [0])
        #expect(r.edges(of: 2).map(r.target) == [0, 1])
    }

    @Test func groupingSortsItemsIntoRowsStablyAndLeavesOutNil() {
        let rowOf: [Int?] = [2, nil, 0, 2, 0, nil, 1, 2]
        let g = AdjacencyList(rows: 4, grouping: rowOf.count) { rowOf[$0] }
        #expect(Array(g.targets(of: 0)) == [2, 4])
        #expect(Array(g.targets(of: 1)) == [6])
        #expect(Array(g.targets(of: 2)) == [0, 3, 7])
        #expect(g.targets(of: 3).isEmpty)
        #expect((0 ..< g.edgeCount).map(g.target) == [2, 4, 6, 0, 3, 7])
    }

    @Test func orderPutsDependenciesFirst() {
        // 0 depends on 2, 1 depends on 0.
        #expect(graph([[2], [0], []]).topologicalOrder() == .ordered([2, 0, 1]))
    }

    @Test func cycleBehindATailIsFoundAndRotated() {
        // 0 → 3 → 2 → 1 → 3: the cycle is 1 → 3 → 2 → 1.
        #expect(graph([[3], [3], [1], [2]]).topologicalOrder() == .cycle([1, 3, 2, 1]))
        #expect(graph([[0]]).topologicalOrder() == .cycle([0, 0]))
    }
}
