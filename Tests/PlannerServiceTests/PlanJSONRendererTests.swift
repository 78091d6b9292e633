import Foundation
import PlannerService
import Testing

@Suite struct PlanJSONRendererTests {
    @Test func keysAreSortedAndSnakeCased() throws {
        let api = Fixtures.service("api")
        let plan = try Planner.plan(PlanInput(components: [api], resolvedCommits: Fixtures.commits(for: [api])))
        #expect(PlanJSONRenderer.render(plan) == """
            {
              "critical_path_length" : 3,
              "levels" : [
                [
                  "build:api"
                ],
                [
                  "barrier:builds"
                ],
                [
                  "run:api"
                ]
              ],
              "steps" : [
                {
                  "component" : "api",
                  "condition" : "built",
                  "id" : "build:api",
                  "kind" : "build",
                  "needs" : [

                  ],
                  "reason" : "New component"
                },
                {
                  "component" : "",
                  "condition" : "passed",
                  "id" : "barrier:builds",
                  "kind" : "barrier",
                  "needs" : [
                    "build:api"
                  ],
                  "reason" : "Every build must succeed before any running component is touched"
                },
                {
                  "component" : "api",
                  "condition" : "healthy",
                  "id" : "run:api",
                  "kind" : "run",
                  "needs" : [
                    "build:api",
                    "barrier:builds"
                  ],
                  "reason" : "New component"
                }
              ]
            }

            """)
    }

    @Test func renderedPlanDecodesToTheSamePlan() throws {
        var current = Fixtures.toolhuntDeployed
        current.append(ComponentState(component: "old"))
        let plan = try Planner.plan(Fixtures.toolhuntInput(current: current, forceRun: true))
        let decoded = try JSONDecoder().decode(Plan.self, from: Data(PlanJSONRenderer.render(plan).utf8))
        #expect(decoded == plan)
    }
}
