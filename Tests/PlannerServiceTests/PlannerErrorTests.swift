import PlannerService
import Testing

/// Inputs the planner refuses, each with a message naming what to fix.
@Suite struct PlannerErrorTests {
    private func planError(_ input: PlanInput) -> PlannerError? {
        do {
            _ = try Planner.plan(input)
            return nil
        } catch {
            return error
        }
    }

    @Test func waitForCycleIsAnErrorNamingTheCycle() {
        let components = [
            Fixtures.service("a", waitFor: ["b"]),
            Fixtures.service("b", waitFor: ["c"]),
            Fixtures.service("c", waitFor: ["b"]),
            Fixtures.service("d", waitFor: ["a"]),
        ]
        let error = planError(PlanInput(components: components))
        #expect(error?.code == .cycle)
        #expect(error?.cycle == ["b", "c", "b"])
        #expect(error?.message.contains("b → c → b") == true)
    }

    @Test func cycleIsAnErrorEvenWhenEveryRunWouldBeSkipped() {
        let a = Fixtures.service("a", waitFor: ["b"])
        let b = Fixtures.service("b", waitFor: ["a"])
        let error = planError(PlanInput(components: [b, a], current: [Fixtures.deployed(a), Fixtures.deployed(b)],
                                        resolvedCommits: Fixtures.commits(for: [a, b])))
        #expect(error?.cycle == ["a", "b", "a"])
    }

    @Test func selfWaitIsACycle() {
        let error = planError(PlanInput(components: [Fixtures.service("a", waitFor: ["a"])]))
        #expect(error?.message.contains("a → a") == true)
    }

    @Test func reuseFromCycleIsAnError() {
        let components = [
            PlannedComponent(name: "x", type: .continuous, buildSource: .reuseFrom("y"), runSpecHash: ""),
            PlannedComponent(name: "y", type: .continuous, buildSource: .reuseFrom("x"), runSpecHash: ""),
        ]
        let error = planError(PlanInput(components: components))
        #expect(error?.code == .cycle)
        #expect(error?.message.contains("reuse-from cycle: x → y → x") == true)
    }

    @Test func cycleAmongRemovedComponentsIsAnError() {
        let current = [
            ComponentState(component: "p", waitFor: ["q"]),
            ComponentState(component: "q", waitFor: ["r"]),
            ComponentState(component: "r", waitFor: ["p"]),
        ]
        let error = planError(PlanInput(components: [], current: current))
        #expect(error?.cycle == ["p", "q", "r", "p"])
    }

    @Test func unknownNamesAndDuplicatesAreErrors() {
        #expect(planError(PlanInput(components: [Fixtures.service("a", waitFor: ["ghost"])]))?.code == .unknownComponent)
        let reuse = PlannedComponent(name: "a", type: .continuous, buildSource: .reuseFrom("ghost"), runSpecHash: "")
        #expect(planError(PlanInput(components: [reuse]))?.code == .unknownComponent)
        #expect(planError(PlanInput(components: [Fixtures.service("a"), Fixtures.service("a")]))?.code == .duplicateComponent)
        let twice = [ComponentState(component: "a"), ComponentState(component: "a")]
        #expect(planError(PlanInput(components: [], current: twice))?.code == .duplicateComponent)
    }
}
