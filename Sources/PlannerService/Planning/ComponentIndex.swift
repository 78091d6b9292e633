/// The input turned into arrays indexed by a component's position in name order (its
/// *index*): the one place where names are looked up. Everything after works on `Int`s.
///
/// The input is read in its own order, so that at 100,000 components its large structs and
/// strings stream through the cache; only small per-index arrays are written out of order.
struct ComponentIndex {
    /// Desired components, in input order (the input's own storage, not a copy).
    let components: [PlannedComponent]
    /// `order[i]`: the input position of the component with index `i`.
    let order: [Int]
    /// `rank[p]`: the index of the component at input position `p`.
    let rank: [Int]
    /// `names[i]`: the name of the component with index `i`.
    let names: [String]
    /// `types[i]`: the type of the component with index `i`.
    let types: [PlannedComponent.ComponentType]
    /// Component `i` waits for `waitFor.edges(of: i)` (indices, sorted, no duplicates).
    let waitFor: AdjacencyList
    /// The current state records, in input order.
    let current: [ComponentState]
    /// `state[i]`: the position in `current` of component `i`'s record, or -1.
    let state: [Int]
    /// Positions in `current` of records of components no longer in the config, by name.
    let removed: [Int]

    /// Name → index.
    private let table: StringTable

    init(_ input: PlanInput) throws(PlannerError) {
        let components = input.components
        let n = components.count
        // Through the buffer, field by field: `for component in components` copied each
        // whole struct, retaining every string in it, and at 100,000 components those
        // reference counts are cache misses spread over the whole input.
        let componentNames = components.withUnsafeBufferPointer { components in
            (0 ..< n).map { components[$0].name }
        }
        var duplicatePositions: [Int] = []
        var table = StringTable(positionsOf: componentNames, duplicates: &duplicatePositions)
        let duplicates = duplicatePositions.map { componentNames[$0] }
        if let duplicate = duplicates.min() {
            throw PlannerError(code: .duplicateComponent,
                               message: "The component \(duplicate) is defined twice; give each component its own name.")
        }
        let order = NameOrder.sortedIndices(table.strings)
        var rank = [Int](repeating: 0, count: n)
        for (i, position) in order.enumerated() { rank[position] = i }
        // From here on the table answers with indices.
        table.renumber(rank)
        let names = table.strings

        // Wait-for rows in input order first, then moved into index order. All names are
        // looked up in one batch (see `StringTable.ids(of:)`).
        var types = [PlannedComponent.ComponentType](repeating: .continuous, count: n)
        var references: [String] = []
        references.reserveCapacity(n * 3)
        var referenceEnd = [Int](repeating: 0, count: n)
        for p in 0 ..< n {
            // Field by field: copying the whole struct would retain every string in it.
            types[rank[p]] = components[p].type
            references.append(contentsOf: components[p].waitFor)
            referenceEnd[p] = references.count
        }
        let targets = table.ids(of: references)
        var byPosition = AdjacencyList(reservingNodes: n, edges: references.count)
        var unknown: (index: Int, name: String)?
        var k = 0
        for p in 0 ..< n {
            while k < referenceEnd[p] {
                if targets[k] >= 0 {
                    byPosition.appendEdge(targets[k])
                } else if unknown.map({ (rank[p], references[k]) < ($0.index, $0.name) }) ?? true {
                    unknown = (rank[p], references[k])
                }
                k += 1
            }
            byPosition.closeNode()
        }
        if let unknown {
            throw PlannerError(code: .unknownComponent,
                               message: "components.\(names[unknown.index]).wait-for names \(unknown.name), which is not a component of this config.")
        }
        var waitFor = AdjacencyList(reservingNodes: n, edges: byPosition.edgeCount)
        for i in 0 ..< n {
            for k in byPosition.edges(of: order[i]) { waitFor.appendEdge(byPosition.target(k)) }
            waitFor.closeRow()
        }

        var state = [Int](repeating: -1, count: n)
        var removedNames = StringTable()
        var removed: [Int] = []
        var duplicateRecords: [String] = []
        for (k, record) in input.current.enumerated() {
            if let i = table.id(of: record.component) {
                if state[i] >= 0 { duplicateRecords.append(record.component) }
                state[i] = k
            } else if removedNames.intern(record.component).inserted {
                removed.append(k)
            } else {
                duplicateRecords.append(record.component)
            }
        }
        if let duplicate = duplicateRecords.min() {
            throw PlannerError(code: .duplicateComponent,
                               message: "The current state lists the component \(duplicate) twice.")
        }
        // removedNames ids follow `removed`, so sorting its strings sorts `removed`.
        let removedOrder = NameOrder.sortedIndices(removedNames.strings)

        self.components = components
        self.order = order
        self.rank = rank
        self.names = names
        self.types = types
        self.waitFor = waitFor
        self.current = input.current
        self.state = state
        self.removed = removedOrder.map { removed[$0] }
        self.table = table
    }

    var count: Int { names.count }

    /// The indices of many names at once (-1 for those that are not components).
    func indices(of names: [String]) -> [Int] {
        table.ids(of: names)
    }

    /// The current state record of component `i`.
    func record(_ i: Int) -> ComponentState? {
        let k = state[i]
        return k >= 0 ? current[k] : nil
    }

    /// Names of a cycle of indices.
    func describe(cycle: [Int]) -> [String] {
        cycle.map { names[$0] }
    }
}
