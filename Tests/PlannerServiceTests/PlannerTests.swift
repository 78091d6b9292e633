import PlannerService
import Testing

/// The planning rules of issue 5, one test (or a few) per rule.
@Suite struct PlannerTests {
    private func plan(_ input: PlanInput) throws -> Plan { try Planner.plan(input) }

    // MARK: - Seed 000

    @Test func toolhuntDeploysInTheOrderOfSeed000() throws {
        let plan = try plan(Fixtures.toolhuntInput())
        #expect(plan.levels == [
            ["build:toolhunt-api", "build:toolhunt-cleanup"],
            ["barrier:builds"],
            ["run:toolhunt-migratedb"],
            ["run:toolhunt-api"],
            ["run:toolhunt-cleanup", "run:toolhunt-flower"],
        ])
        #expect(plan.steps.map(\.id) == plan.levels.flatMap { $0 })
        #expect(plan.criticalPathLength == 5)
        // needs is exactly what each step waits for: every run waits for every build.
        #expect(plan.step("barrier:builds")?.needs == ["build:toolhunt-api", "build:toolhunt-cleanup"])
        #expect(plan.step("barrier:builds")?.kind == .barrier)
        #expect(plan.step("run:toolhunt-migratedb")?.needs == ["build:toolhunt-api", "barrier:builds"])
        #expect(plan.step("run:toolhunt-api")?.needs == ["build:toolhunt-api", "barrier:builds", "run:toolhunt-migratedb"])
        #expect(plan.step("run:toolhunt-cleanup")?.needs == ["build:toolhunt-cleanup", "barrier:builds", "run:toolhunt-api"])
        #expect(plan.step("run:toolhunt-flower")?.needs == ["build:toolhunt-api", "barrier:builds", "run:toolhunt-api"])
    }

    @Test func conditionsFollowTheTypeOfTheComponentWaitedFor() throws {
        let plan = try plan(Fixtures.toolhuntInput())
        #expect(plan.step("build:toolhunt-api")?.condition == .built)
        #expect(plan.step("run:toolhunt-migratedb")?.condition == .completed)
        #expect(plan.step("run:toolhunt-api")?.condition == .healthy)
        #expect(plan.step("run:toolhunt-cleanup")?.condition == .scheduled)
    }

    // MARK: - Builds

    @Test func unchangedBuildIsReusedAndUpToDateRunIsSkipped() throws {
        let plan = try plan(Fixtures.toolhuntInput(current: Fixtures.toolhuntDeployed))
        #expect(plan.levels.isEmpty)
        #expect(plan.criticalPathLength == 0)
        #expect(plan.steps.allSatisfy { $0.kind == .skip })
        #expect(plan.step("build:toolhunt-api")?.reason == "Reusing existing build")
        #expect(plan.step("build:toolhunt-api")?.skippedKind == .build)
        #expect(plan.step("run:toolhunt-api")?.reason == "Already up to date")
        #expect(plan.step("run:toolhunt-api")?.skippedKind == .run)
    }

    @Test func newCommitRebuildsAndRestartsEveryComponentRunningThatImage() throws {
        var input = Fixtures.toolhuntInput(current: Fixtures.toolhuntDeployed)
        input.resolvedCommits[0].commit = "3333333333333333333333333333333333333333"
        let plan = try plan(input)
        #expect(plan.step("build:toolhunt-api")?.kind == .build)
        #expect(plan.step("build:toolhunt-api")?.reason == "New commit 333333333333 (was 111111111111)")
        #expect(plan.step("build:toolhunt-cleanup")?.kind == .skip)
        // migratedb and flower reuse the api image, so they run again too.
        #expect(plan.levels == [
            ["build:toolhunt-api"],
            ["barrier:builds"],
            ["run:toolhunt-migratedb"],
            ["run:toolhunt-api"],
            ["run:toolhunt-flower"],
        ])
        #expect(plan.step("run:toolhunt-flower")?.reason == "New image of toolhunt-api")
        #expect(plan.step("run:toolhunt-cleanup")?.kind == .skip)
    }

    @Test func componentsWithTheSameSourceShareOneBuild() throws {
        let repo = "https://example.org/tool.git"
        let web = PlannedComponent(name: "web", type: .continuous,
                                   buildSource: .repository(url: repo, ref: "main", path: nil, command: nil), runSpecHash: "w")
        let worker = PlannedComponent(name: "worker", type: .continuous,
                                      buildSource: .repository(url: repo, ref: "main", path: nil, command: nil), runSpecHash: "k")
        let docs = PlannedComponent(name: "docs", type: .continuous,
                                    buildSource: .repository(url: repo, ref: "main", path: "docs", command: nil), runSpecHash: "d")
        let input = PlanInput(components: [worker, web, docs],
                              resolvedCommits: [ResolvedCommit(repository: repo, ref: "main", commit: "abc")])
        let plan = try plan(input)
        #expect(plan.levels.first == ["build:docs", "build:web"])
        #expect(plan.step("build:web")?.reason == "New component (one build for web, worker)")
        #expect(plan.step("build:worker") == nil)
        #expect(plan.step("run:worker")?.needs == ["build:web", "barrier:builds"])
    }

    @Test func changedBuildSettingsRebuild() throws {
        let before = Fixtures.service("api")
        var after = before
        after.buildSource = .repository(url: "https://example.org/api.git", ref: nil, path: nil, command: "make")
        let plan = try plan(PlanInput(components: [after], current: [Fixtures.deployed(before)],
                                      resolvedCommits: Fixtures.commits(for: [after])))
        #expect(plan.step("build:api")?.kind == .build)
        #expect(plan.step("build:api")?.reason == "Build settings changed")
        #expect(plan.step("run:api")?.reason == "New image")
    }

    @Test func imageKnownToExistElsewhereIsReused() throws {
        let api = Fixtures.service("api")
        let key = BuildKey(repository: "https://example.org/api.git", commit: "c1", settingsHash: Fixtures.noSettings)
        let plan = try plan(PlanInput(components: [api], resolvedCommits: Fixtures.commits(for: [api]), existingBuilds: [key]))
        #expect(plan.step("build:api")?.kind == .skip)
        #expect(plan.step("run:api")?.kind == .run)
        #expect(plan.step("run:api")?.needs == [])
        #expect(plan.levels == [["run:api"]])
    }

    @Test func forceBuildRebuildsAndRestarts() throws {
        let plan = try plan(Fixtures.toolhuntInput(current: Fixtures.toolhuntDeployed, forceBuild: true))
        #expect(plan.step("build:toolhunt-api")?.reason == "Forced build (--force-build)")
        #expect(plan.actions.count == 7)
        #expect(plan.criticalPathLength == 5)
    }

    @Test func unresolvedCommitIsBuiltAnew() throws {
        let plan = try plan(PlanInput(components: Fixtures.toolhunt, current: Fixtures.toolhuntDeployed))
        #expect(plan.step("build:toolhunt-api")?.kind == .build)
        #expect(plan.step("build:toolhunt-api")?.reason == "The commit of the default branch is not resolved, so the image is built anew")
        // Without any state, the component is simply new.
        let fresh = try self.plan(PlanInput(components: Fixtures.toolhunt))
        #expect(fresh.step("build:toolhunt-api")?.reason == "New component")
    }

    @Test func unresolvedRefsOfOneRepositoryAreSeparateBuilds() throws {
        let repo = "https://example.org/tool.git"
        let main = PlannedComponent(name: "a", type: .continuous,
                                    buildSource: .repository(url: repo, ref: "main", path: nil, command: nil), runSpecHash: "")
        let dev = PlannedComponent(name: "b", type: .continuous,
                                   buildSource: .repository(url: repo, ref: "dev", path: nil, command: nil), runSpecHash: "")
        let plan = try plan(PlanInput(components: [main, dev]))
        #expect(plan.levels.first == ["build:a", "build:b"])
    }

    @Test func registryImageNeedsNoBuildButRunsWhenItChanges() throws {
        let before = PlannedComponent(name: "redis", type: .continuous, buildSource: .image("redis:7"), runSpecHash: "r")
        var after = before
        after.buildSource = .image("redis:8")
        let unchanged = try plan(PlanInput(components: [before], current: [Fixtures.deployed(before)]))
        #expect(unchanged.steps.map(\.id) == ["run:redis"])
        #expect(unchanged.levels.isEmpty)
        let changed = try plan(PlanInput(components: [after], current: [Fixtures.deployed(before)]))
        #expect(changed.levels == [["run:redis"]])
        #expect(changed.step("run:redis")?.reason == "New image")
    }

    // MARK: - Barrier

    @Test func everyRunComesAfterTheBuildLevel() throws {
        let a = Fixtures.service("a")
        let b = Fixtures.service("b")
        // b is deployed and up to date except for its spec; a is new and needs a build.
        var changedB = b
        changedB.runSpecHash = "new"
        let plan = try plan(PlanInput(components: [a, changedB], current: [Fixtures.deployed(b)],
                                      resolvedCommits: Fixtures.commits(for: [a, b])))
        #expect(plan.levels == [["build:a"], ["barrier:builds"], ["run:a", "run:b"]])
        // b has no build of its own, yet it waits for a's: the barrier says so.
        #expect(plan.step("run:b")?.needs == ["barrier:builds"])
    }

    @Test func stopsWaitForEveryRunThroughTheRunsBarrier() throws {
        let api = Fixtures.service("api")
        let state = Fixtures.deployed(api)
        // Nothing builds or runs: the stop waits for nothing.
        let onlyStop = try plan(PlanInput(components: [], current: [ComponentState(component: "gone")]))
        #expect(onlyStop.levels == [["stop:gone"]])
        #expect(onlyStop.step("stop:gone")?.needs == [])
        let build = try plan(PlanInput(components: [api], current: [state, ComponentState(component: "gone")],
                                       resolvedCommits: Fixtures.commits(for: [api]), forceBuild: true))
        #expect(build.levels == [["build:api"], ["barrier:builds"], ["run:api"], ["barrier:runs"], ["stop:gone"]])
        #expect(build.step("barrier:runs")?.needs == ["run:api"])
        #expect(build.step("stop:gone")?.needs == ["barrier:runs"])
    }

    // MARK: - Runs

    @Test(arguments: [
        (ComponentState.Health.unhealthy, "Not healthy"),
        (.unknown, "Health unknown"),
    ])
    func continuousComponentThatIsNotHealthyRestarts(health: ComponentState.Health, reason: String) throws {
        let api = Fixtures.service("api")
        var state = Fixtures.deployed(api)
        state.health = health
        let plan = try plan(PlanInput(components: [api], current: [state], resolvedCommits: Fixtures.commits(for: [api])))
        #expect(plan.step("run:api")?.kind == .run)
        #expect(plan.step("run:api")?.reason == reason)
        #expect(plan.step("build:api")?.kind == .skip)
    }

    @Test func changedRunSpecRestarts() throws {
        let api = Fixtures.service("api")
        var changed = api
        changed.runSpecHash = "other"
        let plan = try plan(PlanInput(components: [changed], current: [Fixtures.deployed(api)],
                                      resolvedCommits: Fixtures.commits(for: [api])))
        #expect(plan.step("run:api")?.reason == "Run spec changed")
    }

    @Test func changedTypeRestarts() throws {
        let api = Fixtures.service("api")
        let job = Fixtures.service("api", type: .oneOff)
        let plan = try plan(PlanInput(components: [job], current: [Fixtures.deployed(api)],
                                      resolvedCommits: Fixtures.commits(for: [api])))
        #expect(plan.step("run:api")?.reason == "Type changed from continuous")
    }

    @Test func forceRunRestartsUpToDateComponents() throws {
        let plan = try plan(Fixtures.toolhuntInput(current: Fixtures.toolhuntDeployed, forceRun: true))
        #expect(plan.step("build:toolhunt-api")?.kind == .skip)
        #expect(plan.levels == [
            ["run:toolhunt-migratedb"],
            ["run:toolhunt-api"],
            ["run:toolhunt-cleanup", "run:toolhunt-flower"],
        ])
        #expect(plan.step("run:toolhunt-api")?.reason == "Forced run (--force-run)")
    }

    @Test(arguments: [
        (ComponentState.RunResult.succeeded, nil as String?),
        (.failed, "Last run failed"),
        (.none, "Not run to completion yet"),
    ])
    func oneOffRunsOncePerChangeAndAgainAfterFailure(result: ComponentState.RunResult, reason: String?) throws {
        let job = Fixtures.service("migrate", type: .oneOff)
        var state = Fixtures.deployed(job)
        state.lastResult = result
        state.health = .unknown // health does not matter for a job
        let plan = try plan(PlanInput(components: [job], current: [state], resolvedCommits: Fixtures.commits(for: [job])))
        if let reason {
            #expect(plan.step("run:migrate")?.kind == .run)
            #expect(plan.step("run:migrate")?.reason == reason)
        } else {
            #expect(plan.step("run:migrate")?.kind == .skip)
        }
    }

    @Test func succeededOneOffRunsAgainForANewImage() throws {
        let job = Fixtures.service("migrate", type: .oneOff)
        let plan = try plan(PlanInput(components: [job], current: [Fixtures.deployed(job, commit: "old")],
                                      resolvedCommits: Fixtures.commits(for: [job], commit: "new")))
        #expect(plan.step("run:migrate")?.kind == .run)
        #expect(plan.step("run:migrate")?.condition == .completed)
    }

    @Test func scheduledComponentReRegistersItsSchedule() throws {
        let cron = Fixtures.service("cleanup", type: .scheduled)
        var state = Fixtures.deployed(cron)
        state.scheduled = false
        let notScheduled = try plan(PlanInput(components: [cron], current: [state], resolvedCommits: Fixtures.commits(for: [cron])))
        #expect(notScheduled.step("run:cleanup")?.reason == "Schedule not registered; re-registering the schedule")
        #expect(notScheduled.step("run:cleanup")?.condition == .scheduled)

        let newImage = try plan(PlanInput(components: [cron], current: [Fixtures.deployed(cron, commit: "old")],
                                          resolvedCommits: Fixtures.commits(for: [cron])))
        #expect(newImage.step("run:cleanup")?.reason == "New image; re-registering the schedule")

        let upToDate = try plan(PlanInput(components: [cron], current: [Fixtures.deployed(cron)],
                                          resolvedCommits: Fixtures.commits(for: [cron])))
        #expect(upToDate.step("run:cleanup")?.kind == .skip)
    }

    // MARK: - Wait-for

    @Test func runDoesNotWaitForATargetThatIsUpToDate() throws {
        let db = Fixtures.service("db")
        let api = Fixtures.service("api", waitFor: ["db"])
        var changedAPI = api
        changedAPI.runSpecHash = "new"
        let plan = try plan(PlanInput(components: [changedAPI, db], current: [Fixtures.deployed(db), Fixtures.deployed(api)],
                                      resolvedCommits: Fixtures.commits(for: [db, api])))
        #expect(plan.step("run:db")?.kind == .skip)
        #expect(plan.step("run:api")?.needs == [])
        #expect(plan.levels == [["run:api"]])
    }

    @Test func runWaitsForATargetThatRestarts() throws {
        let db = Fixtures.service("db")
        let api = Fixtures.service("api", waitFor: ["db", "db"])
        var changedDB = db
        changedDB.runSpecHash = "new"
        var changedAPI = api
        changedAPI.runSpecHash = "new"
        let plan = try plan(PlanInput(components: [changedAPI, changedDB], current: [Fixtures.deployed(db), Fixtures.deployed(api)],
                                      resolvedCommits: Fixtures.commits(for: [db, api])))
        #expect(plan.step("run:api")?.needs == ["run:db"])
        #expect(plan.levels == [["run:db"], ["run:api"]])
    }

    // MARK: - Stops

    @Test func removedComponentsStopAfterTheRunsDependentsFirst() throws {
        let api = Fixtures.service("api")
        let current = [
            Fixtures.deployed(api),
            ComponentState(component: "old-db", health: .healthy),
            ComponentState(component: "old-web", health: .healthy, waitFor: ["old-worker", "api"]),
            ComponentState(component: "old-worker", health: .healthy, waitFor: ["old-db"]),
        ]
        var changed = api
        changed.runSpecHash = "new"
        let plan = try plan(PlanInput(components: [changed], current: current, resolvedCommits: Fixtures.commits(for: [api])))
        #expect(plan.levels == [["run:api"], ["barrier:runs"], ["stop:old-web"], ["stop:old-worker"], ["stop:old-db"]])
        #expect(plan.step("stop:old-web")?.needs == ["barrier:runs"])
        #expect(plan.step("stop:old-worker")?.needs == ["barrier:runs", "stop:old-web"])
        #expect(plan.step("stop:old-db")?.needs == ["barrier:runs", "stop:old-worker"])
        #expect(plan.step("stop:old-db")?.reason == "Removed from the config")
        #expect(plan.step("stop:old-db")?.condition == .stopped)
        #expect(plan.steps.last?.id == "stop:old-db")
    }

    @Test func stopsComeAfterBuildsAndRuns() throws {
        let api = Fixtures.service("api")
        let plan = try plan(PlanInput(components: [api], current: [Fixtures.deployed(api), ComponentState(component: "gone")],
                                      resolvedCommits: Fixtures.commits(for: [api], commit: "c2")))
        #expect(plan.levels == [["build:api"], ["barrier:builds"], ["run:api"], ["barrier:runs"], ["stop:gone"]])
    }

    // MARK: - Determinism

    @Test func inputOrderDoesNotChangeThePlan() throws {
        let expected = try plan(Fixtures.toolhuntInput(current: Fixtures.toolhuntDeployed.reversed()))
        var input = Fixtures.toolhuntInput(current: Fixtures.toolhuntDeployed)
        input.components.reverse()
        input.resolvedCommits.reverse()
        #expect(try plan(input) == expected)
        #expect(try plan(input) == plan(input))
    }

    // MARK: - Size

    @Test func longChainPlansWithoutRecursion() throws {
        let n = 10_000
        let components = (0 ..< n).map { i in
            PlannedComponent(name: "c\(i)", type: .continuous, buildSource: .image("base"), runSpecHash: "",
                             waitFor: i == 0 ? [] : ["c\(i - 1)"])
        }
        let plan = try plan(PlanInput(components: components.reversed()))
        #expect(plan.criticalPathLength == n)
        #expect(plan.levels.last == ["run:c\(n - 1)"])
    }
}
