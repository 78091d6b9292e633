import PlannerService
import PropertyBased
import Testing

/// Properties of plans of random tools of up to 500 components. Each check gathers what it
/// finds wrong and expects that list to be empty, so a failure names every bad step at once.
@Suite struct PlannerPropertyTests {
    private static let tools = zip(Gen.uint64(), Gen.int(in: 1 ... 500))

    @Test func everyStepComesAfterAllItNeeds() async throws {
        await propertyCheck(input: Self.tools) { seed, size in
            let plan = try Planner.plan(RandomTool(seed: seed, size: size).input)
            var position: [String: Int] = [:]
            for (p, step) in plan.steps.enumerated() { position[step.id] = p }
            var problems: [String] = []
            for (p, step) in plan.steps.enumerated() {
                for need in step.needs where !(position[need].map { $0 < p } ?? false) {
                    problems.append("\(step.id) is not after \(need)")
                }
            }
            #expect(problems.isEmpty)
        }
    }

    @Test func levelsRespectEveryEdgeAndTheBarriers() async throws {
        await propertyCheck(input: Self.tools) { seed, size in
            let plan = try Planner.plan(RandomTool(seed: seed, size: size).input)
            var level: [String: Int] = [:]
            var problems: [String] = []
            for (l, ids) in plan.levels.enumerated() {
                for id in ids where level.updateValue(l, forKey: id) != nil {
                    problems.append("\(id) is in two levels")
                }
            }
            var phaseLevels: [PlanStep.Kind: [Int]] = [:]
            for step in plan.steps {
                guard step.kind != .skip else {
                    if level[step.id] != nil { problems.append("the skipped step \(step.id) is in a level") }
                    if !step.needs.isEmpty { problems.append("the skipped step \(step.id) needs something") }
                    continue
                }
                guard let l = level[step.id] else {
                    problems.append("\(step.id) is in no level")
                    continue
                }
                phaseLevels[step.kind, default: []].append(l)
                for need in step.needs where !(level[need].map { $0 < l } ?? false) {
                    problems.append("\(step.id) is not in a level after \(need)")
                }
            }
            #expect(problems.isEmpty)
            #expect(plan.criticalPathLength == plan.levels.count)
            // Builds, then runs, then stops.
            let order: [PlanStep.Kind] = [.build, .run, .stop]
            for (earlier, later) in zip(order, order.dropFirst()) {
                if let last = phaseLevels[earlier]?.max(), let first = phaseLevels[later]?.min() {
                    #expect(last < first, "\(earlier) steps overlap \(later) steps")
                }
            }
            if let last = phaseLevels[.build]?.max(), let first = phaseLevels[.stop]?.min() {
                #expect(last < first)
            }
        }
    }

    @Test func runsNeedTheirBuildAndTheRunsTheyWaitFor() async throws {
        await propertyCheck(input: Self.tools) { seed, size in
            let tool = RandomTool(seed: seed, size: size)
            let plan = try Planner.plan(tool.input)
            var steps: [String: PlanStep] = [:]
            for step in plan.steps { steps[step.id] = step }
            var problems: [String] = []
            for component in tool.components {
                guard let run = steps["run:" + component.name] else {
                    problems.append("no run step for \(component.name)")
                    continue
                }
                guard run.kind == .run else { continue }
                for target in Set(component.waitFor) {
                    let targetRuns = steps["run:" + target]?.kind == .run
                    if run.needs.contains("run:" + target) != targetRuns {
                        problems.append("run:\(component.name) and its wait-for \(target) (target runs: \(targetRuns))")
                    }
                }
                let builds = run.needs.filter { $0.hasPrefix("build:") }
                if builds.count > 1 || builds.contains(where: { steps[$0]?.kind != .build }) {
                    problems.append("run:\(component.name) needs \(builds)")
                }
            }
            #expect(problems.isEmpty)
        }
    }

    @Test func noStepIsDuplicated() async throws {
        await propertyCheck(input: Self.tools) { seed, size in
            let tool = RandomTool(seed: seed, size: size)
            let plan = try Planner.plan(tool.input)
            #expect(Set(plan.steps.map(\.id)).count == plan.steps.count)
            let inLevels = plan.levels.flatMap { $0 }
            #expect(inLevels.count == Set(inLevels).count)
            let runPhase = plan.steps.filter { $0.phase == .run }.map(\.component)
            #expect(runPhase.sorted() == tool.components.map(\.name).sorted())
        }
    }

    @Test func inputOrderDoesNotChangeThePlan() async throws {
        await propertyCheck(input: zip(Gen.uint64(), Gen.int(in: 1 ... 500), Gen.uint64())) { seed, size, shuffleSeed in
            let tool = RandomTool(seed: seed, size: size)
            let plan = try Planner.plan(tool.input)
            #expect(try Planner.plan(tool.shuffled(seed: shuffleSeed).input) == plan)
        }
    }

    @Test func unchangedStateGivesOnlySkips() async throws {
        await propertyCheck(input: Self.tools) { seed, size in
            var tool = RandomTool(seed: seed, size: size)
            tool.resolveAllRefs()
            tool.current = tool.deployedState()
            let plan = try Planner.plan(tool.input)
            #expect(plan.levels.isEmpty)
            #expect(plan.steps.allSatisfy { $0.kind == .skip })
            #expect(plan.steps.filter { $0.phase == .run }.count == size)
        }
    }

    @Test func aBackEdgeIsReportedAsACycleThroughIt() async throws {
        await propertyCheck(input: Self.tools) { seed, size in
            var tool = RandomTool(seed: seed, size: size)
            // Find a component that waits for another, and make the other wait for it too.
            guard let from = tool.components.firstIndex(where: { !$0.waitFor.isEmpty }) else { return }
            let target = tool.components[from].waitFor[0]
            let to = try #require(tool.components.firstIndex { $0.name == target })
            tool.components[to].waitFor.append(tool.components[from].name)
            do {
                _ = try Planner.plan(tool.input)
                Issue.record("a cycle was planned")
            } catch let error as PlannerError {
                #expect(error.code == .cycle)
                #expect(error.cycle.count >= 3 && error.cycle.first == error.cycle.last)
                // Each listed component waits for the next.
                let waits = Dictionary(uniqueKeysWithValues: tool.components.map { ($0.name, Set($0.waitFor)) })
                let broken = zip(error.cycle, error.cycle.dropFirst()).filter { waits[$0.0]?.contains($0.1) != true }
                #expect(broken.isEmpty, "not wait-for edges: \(broken)")
            }
        }
    }
}
