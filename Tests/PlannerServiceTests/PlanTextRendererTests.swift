import PlannerService
import Testing

@Suite struct PlanTextRendererTests {
    @Test func toolhuntRendersLikeSeed000() throws {
        let text = PlanTextRenderer.render(try Planner.plan(Fixtures.toolhuntInput()))
        #expect(text == """
            Building images:
               [build] toolhunt-api
                       New component
               [build] toolhunt-cleanup
                       New component
            Deploying components:
               [run] toolhunt-migratedb
                     New component
               [run] toolhunt-api (waiting for toolhunt-migratedb)
                     New component
               [run] toolhunt-cleanup (waiting for toolhunt-api)
                     New component
               [run] toolhunt-flower (waiting for toolhunt-api)
                     New component
            Plan: 2 builds, 4 runs, 0 stops, 0 skipped; 5 levels on the critical path.

            """)
    }

    @Test func skippedAndStoppedStepsAreShownInTheirSections() throws {
        var current = Fixtures.toolhuntDeployed
        current.append(ComponentState(component: "old-job"))
        current[0].health = .unhealthy
        let text = PlanTextRenderer.render(try Planner.plan(Fixtures.toolhuntInput(current: current)))
        #expect(text == """
            Building images:
               [skip] toolhunt-api
                      Reusing existing build
               [skip] toolhunt-cleanup
                      Reusing existing build
            Deploying components:
               [run] toolhunt-api
                     Not healthy
               [skip] toolhunt-cleanup
                      Already up to date
               [skip] toolhunt-flower
                      Already up to date
               [skip] toolhunt-migratedb
                      Already up to date
            Stopping components:
               [stop] old-job
                      Removed from the config
            Plan: 0 builds, 1 run, 1 stop, 5 skipped; 3 levels on the critical path.

            """)
    }

    @Test func emptyPlanSaysNothingToDo() throws {
        let plan = try Planner.plan(Fixtures.toolhuntInput(current: Fixtures.toolhuntDeployed))
        #expect(PlanTextRenderer.summary(plan) == "Nothing to do: every component is up to date (6 skipped).")
    }
}
