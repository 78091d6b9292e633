import ExecutorService
import PlannerService
import Testing

/// The plan-fidelity check itself: each kind of departure is reported, an obedient run is not.
@Suite struct PlanFidelityTests {
    static let plan = Plan(steps: [
        PlanStep(id: "build:api", component: "api", kind: .build, reason: "New component", condition: .built),
        PlanStep(id: "build:old", component: "old", kind: .skip, reason: "Reusing existing build", skippedKind: .build),
        PlanStep(id: "barrier:builds", component: "", kind: .barrier, reason: "", needs: ["build:api"], condition: .passed),
        PlanStep(id: "run:db", component: "db", kind: .run, reason: "New component", needs: ["barrier:builds"], condition: .healthy),
        PlanStep(id: "run:api", component: "api", kind: .run, reason: "New component",
                 needs: ["build:api", "barrier:builds", "run:db"], condition: .healthy),
    ], levels: [["build:api"], ["barrier:builds"], ["run:db"], ["run:api"]], criticalPathLength: 4)

    /// Events numbered in the order given: `+id` started, `-id` ended.
    static func events(_ script: [String]) -> [StepEvent] {
        script.enumerated().map { n, entry in
            StepEvent(sequence: Int64(n + 1), stepID: String(entry.dropFirst()), kind: entry.hasPrefix("+") ? .started : .ended)
        }
    }

    @Test func stepsThatWaitForTheirNeedsAreFaithful() {
        let fidelity = PlanFidelity(plan: Self.plan, events: Self.events([
            "+build:api", "-build:api", "+barrier:builds", "-barrier:builds", "+run:db", "-run:db", "+run:api", "-run:api",
        ]))
        #expect(fidelity == PlanFidelity(violations: []))
        #expect(fidelity.ok)
    }

    @Test func aStepThatStartsBeforeItsNeedEndedIsAViolation() {
        let fidelity = PlanFidelity(plan: Self.plan, events: Self.events([
            "+build:api", "-build:api", "+barrier:builds", "-barrier:builds", "+run:db", "+run:api", "-run:db", "-run:api",
        ]))
        #expect(!fidelity.ok)
        #expect(fidelity.violations == ["run:api started before its need run:db ended"])
    }

    @Test func aStepWhoseNeedNeverRanIsAViolation() {
        let fidelity = PlanFidelity(plan: Self.plan, events: Self.events(["+build:api", "-build:api", "+run:db", "-run:db"]))
        #expect(fidelity.violations == ["run:db started, but its need barrier:builds never ended"])
    }

    @Test func workThePlanSkippedOrDidNotListIsAViolation() {
        let fidelity = PlanFidelity(plan: Self.plan, events: Self.events([
            "+build:old", "-build:old", "+run:ghost", "-run:ghost", "+build:api", "+build:api",
        ]))
        #expect(fidelity.violations == [
            "build:api started twice",
            "build:old ran, but the plan skipped it (Reusing existing build)",
            "run:ghost ran, but the plan does not list it",
        ])
    }
}
