import PlannerService
import Testing
import ToolConfig

/// The adapter from a validated `ToolConfiguration` to `PlanInput`.
@Suite struct PlanInputToolConfigTests {
    /// The toolhunt config of seed 000.
    private static let toolhunt = ToolConfiguration(configVersion: "v0.1", components: [
        "toolhunt-cleanup": Component(description: "cleanup job", type: .scheduled,
                                      build: BuildSpec(repository: Fixtures.cleanupRepo),
                                      run: RunSpec(command: "cleanup", schedule: "00 * * * *"),
                                      waitFor: ["toolhunt-api"]),
        "toolhunt-api": Component(description: "a python-flask api", type: .continuous,
                                  build: BuildSpec(repository: Fixtures.apiRepo),
                                  waitFor: ["toolhunt-migratedb"]),
        "toolhunt-migratedb": Component(description: "run db migrations", type: .oneOff,
                                        build: BuildSpec(reuseFrom: "toolhunt-api"),
                                        run: RunSpec(command: "migratedb")),
        "toolhunt-flower": Component(description: "dashboard for monitoring and managing celery", type: .continuous,
                                     build: BuildSpec(reuseFrom: "toolhunt-api"),
                                     run: RunSpec(command: "flower"), waitFor: ["toolhunt-api"]),
    ])

    @Test func toolhuntConfigPlansInTheOrderOfSeed000() throws {
        let input = try PlanInput(config: Self.toolhunt, resolvedCommits: Fixtures.toolhuntCommits)
        let plan = try Planner.plan(input)
        #expect(plan.levels == [
            ["build:toolhunt-api", "build:toolhunt-cleanup"],
            ["barrier:builds"],
            ["run:toolhunt-migratedb"],
            ["run:toolhunt-api"],
            ["run:toolhunt-cleanup", "run:toolhunt-flower"],
        ])
    }

    @Test func componentsAreConvertedFieldByField() throws {
        let input = try PlanInput(config: Self.toolhunt, forceBuild: true, forceRun: true)
        #expect(input.components.map(\.name) == ["toolhunt-api", "toolhunt-cleanup", "toolhunt-flower", "toolhunt-migratedb"])
        #expect(input.components[0].buildSource == .repository(url: Fixtures.apiRepo, ref: nil, path: nil, command: nil))
        #expect(input.components[2].buildSource == .reuseFrom("toolhunt-api"))
        #expect(input.components[3].type == .oneOff)
        #expect(input.components[1].waitFor == ["toolhunt-api"])
        #expect(input.forceBuild && input.forceRun)
    }

    @Test func runSpecHashIsStableAndSeesEveryField() {
        var env1: [String: String] = [:]
        var env2: [String: String] = [:]
        for k in 0 ..< 20 { env1["K\(k)"] = "\(k)" }
        for k in (0 ..< 20).reversed() { env2["K\(k)"] = "\(k)" }
        let a = RunSpec(command: "api", port: 5000, healthCheck: .http(path: "/healthz"), env: env1)
        let b = RunSpec(command: "api", port: 5000, healthCheck: .http(path: "/healthz"), env: env2)
        #expect(PlannedComponent.runSpecHash(a) == PlannedComponent.runSpecHash(b))
        #expect(PlannedComponent.runSpecHash(a).hasPrefix("fnv1a64:"))
        var c = a
        c.port = 5001
        #expect(PlannedComponent.runSpecHash(a) != PlannedComponent.runSpecHash(c))
        var d = a
        d.healthCheck = .tcp
        #expect(PlannedComponent.runSpecHash(a) != PlannedComponent.runSpecHash(d))
    }

    @Test func registryImageAndBuildSettingsAreKept() throws {
        #expect(BuildSpec(image: "python3.13").source == .image("python3.13"))
        let repo = BuildSpec(repository: "https://x/y.git", ref: "v2", path: "web", command: "make").source
        #expect(repo == .repository(url: "https://x/y.git", ref: "v2", path: "web", command: "make"))
        #expect(BuildSpec(repository: "https://x/y.git", reuseFrom: "api").source == .reuseFrom("api"))
    }

    @Test func componentWithoutBuildSourceIsAnError() {
        #expect(BuildSpec(ref: "main").source == nil)
        let broken = Component(type: .continuous, build: BuildSpec(ref: "main"), run: RunSpec())
        #expect(throws: PlannerError.self) {
            try PlannedComponent(name: "broken", component: broken)
        }
    }
}
