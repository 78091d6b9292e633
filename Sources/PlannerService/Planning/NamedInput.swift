/// The planner's input looked up by name: the desired components, the wait-for edges between
/// them and the state record of each, checked for duplicate and unknown names.
struct NamedInput {
    /// Desired components sorted by name: every list the plan writes follows this order.
    let components: [PlannedComponent]
    /// Their names, in the same order.
    let names: [String]
    /// Names of the desired components.
    let desired: Set<String>
    /// Component → the components it waits for, sorted, without duplicates.
    let waitFor: [String: [String]]
    /// The state record of each desired component that has one.
    let records: [String: ComponentState]
    /// Records of components that left the config, sorted by name.
    let removed: [ComponentState]

    init(_ input: PlanInput) throws(PlannerError) {
        var desired = Set<String>(minimumCapacity: input.components.count)
        var duplicates: [String] = []
        for component in input.components where !desired.insert(component.name).inserted {
            duplicates.append(component.name)
        }
        if let duplicate = duplicates.min() {
            throw PlannerError(code: .duplicateComponent,
                               message: "The component \(duplicate) is defined twice; give each component its own name.")
        }

        var waitFor = [String: [String]](minimumCapacity: input.components.count)
        var unknown: (component: String, target: String)?
        for component in input.components {
            for target in component.waitFor where !desired.contains(target) {
                if unknown.map({ (component.name, target) < $0 }) ?? true { unknown = (component.name, target) }
            }
            waitFor[component.name] = component.waitFor.sortedWithoutDuplicates()
        }
        if let unknown {
            throw PlannerError(code: .unknownComponent,
                               message: "components.\(unknown.component).wait-for names \(unknown.target), which is not a component of this config.")
        }

        var records: [String: ComponentState] = [:]
        var removed: [String: ComponentState] = [:]
        var duplicateRecords: [String] = []
        for record in input.current {
            let earlier = desired.contains(record.component)
                ? records.updateValue(record, forKey: record.component)
                : removed.updateValue(record, forKey: record.component)
            if earlier != nil { duplicateRecords.append(record.component) }
        }
        if let duplicate = duplicateRecords.min() {
            throw PlannerError(code: .duplicateComponent,
                               message: "The current state lists the component \(duplicate) twice.")
        }

        // Positions are sorted by the names alone, so no comparison copies a component, and
        // each component is copied once.
        let inputNames = input.components.map(\.name)
        let byName = inputNames.indices.sorted { inputNames[$0] < inputNames[$1] }
        self.components = byName.map { input.components[$0] }
        self.names = self.components.map(\.name)
        self.desired = desired
        self.waitFor = waitFor
        self.records = records
        self.removed = removed.values.sorted { $0.component < $1.component }
    }
}

extension Array where Element: Comparable {
    /// The elements sorted, each once (the array itself when it already is).
    func sortedWithoutDuplicates() -> [Element] {
        if zip(self, dropFirst()).allSatisfy({ $0 < $1 }) { return self }
        var result: [Element] = []
        for element in sorted() where result.last != element { result.append(element) }
        return result
    }
}
