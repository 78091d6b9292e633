// Floors: the least work any plan of this format must do, timed alone with the fastest code
// at hand, so that the whole plan's figures can be read against them.
//
// - names: every component name mapped to its index and every wait-for reference resolved
//   (the planner's own StringTable, and Swift's Dictionary; the faster one counts). A plan
//   from a config of names must at least do this.
// - steps: the plan's output as the issue specifies it (steps with string ids, components,
//   reasons and `needs` as step ids, plus the levels as ids) written from decisions that
//   are already made, as plain integers.
import PlannerService

/// The names a plan must resolve: component names, then every wait-for reference.
struct NameWork {
    let names: [String]
    let references: [String]

    init(_ input: PlanInput) {
        names = input.components.map(\.name)
        references = input.components.flatMap(\.waitFor)
    }

    /// Interns the names and resolves the references with the planner's table; returns a
    /// checksum so the work cannot be dropped.
    func withStringTable() -> Int {
        var duplicates: [Int] = []
        let table = StringTable(positionsOf: names, duplicates: &duplicates)
        var sum = duplicates.count
        for id in table.ids(of: references) { sum &+= id }
        return sum
    }

    /// The same with `Dictionary<String, Int32>`.
    func withDictionary() -> Int {
        var table = [String: Int32](minimumCapacity: names.count)
        for (i, name) in names.enumerated() { table[name] = Int32(i) }
        var sum = 0
        for reference in references { sum &+= Int(table[reference] ?? -1) }
        return sum
    }
}

/// A plan's steps reduced to integers and the strings they reuse, to be written out again.
struct StepWork {
    private let prefixes: [String]
    private let prefix: [UInt8]
    private let components: [String]
    private let kinds: [PlanStep.Kind]
    private let reasons: [String]
    private let conditions: [PlanStep.Condition?]
    private let skipped: [PlanStep.Kind?]
    private let needStart: [Int32]
    private let needs: [Int32]
    private let levelStart: [Int32]
    private let levelSteps: [Int32]

    init(_ plan: Plan) {
        var position: [String: Int32] = [:]
        for (k, step) in plan.steps.enumerated() { position[step.id] = Int32(k) }
        prefixes = ["build:", "run:", "stop:"]
        prefix = plan.steps.map { step in UInt8(["build", "run", "stop"].firstIndex(of: step.phase.rawValue) ?? 0) }
        components = plan.steps.map(\.component)
        kinds = plan.steps.map(\.kind)
        reasons = plan.steps.map(\.reason)
        conditions = plan.steps.map(\.condition)
        skipped = plan.steps.map(\.skippedKind)
        var needStart: [Int32] = [0]
        var needs: [Int32] = []
        for step in plan.steps {
            needs += step.needs.map { position[$0]! }
            needStart.append(Int32(needs.count))
        }
        self.needStart = needStart
        self.needs = needs
        var levelStart: [Int32] = [0]
        var levelSteps: [Int32] = []
        for level in plan.levels {
            levelSteps += level.map { position[$0]! }
            levelStart.append(Int32(levelSteps.count))
        }
        self.levelStart = levelStart
        self.levelSteps = levelSteps
    }

    /// Writes the plan out: ids, steps with their needs, levels.
    func write() -> Plan {
        let n = components.count
        var ids: [String] = []
        ids.reserveCapacity(n)
        for k in 0 ..< n { ids.append(prefixes[Int(prefix[k])] + components[k]) }
        var steps: [PlanStep] = []
        steps.reserveCapacity(n)
        for k in 0 ..< n {
            let range = Int(needStart[k]) ..< Int(needStart[k + 1])
            var stepNeeds: [String] = []
            if !range.isEmpty {
                stepNeeds.reserveCapacity(range.count)
                for j in range { stepNeeds.append(ids[Int(needs[j])]) }
            }
            steps.append(PlanStep(id: ids[k], component: components[k], kind: kinds[k], reason: reasons[k],
                                  needs: stepNeeds, condition: conditions[k], skippedKind: skipped[k]))
        }
        var levels: [[String]] = []
        levels.reserveCapacity(levelStart.count - 1)
        for l in 0 ..< levelStart.count - 1 {
            levels.append((Int(levelStart[l]) ..< Int(levelStart[l + 1])).map { ids[Int(levelSteps[$0])] })
        }
        return Plan(steps: steps, levels: levels, criticalPathLength: levels.count)
    }
}
