/// Turns desired components and their current state into a `Plan`: a pure function.
///
/// Rules, in the order they apply:
/// - **Build** an image when none exists for its identity (repository, resolved commit,
///   path, build command, image) or with `forceBuild`; else skip it ("Reusing existing
///   build"). Components with the same identity share one build; `reuse-from` components run
///   the image of the component they reuse, so their run needs that build.
/// - **Barrier**: builds fill the first level; runs and stops start only after all builds,
///   and stops only after all runs. Each boundary is a `barrier` step that the steps after it
///   need, so `needs` is exactly what each step waits for.
/// - **Run** when the image or run spec changed, the component is not healthy (continuous),
///   did not succeed (one-off), is not scheduled (scheduled), or with `forceRun`; else skip
///   ("Already up to date").
/// - **Wait-for** becomes a need on the target's run, whose `condition` says what it must
///   reach (healthy, completed, scheduled); a target that is skipped is not waited for.
/// - **Stop** components of the current state that left the config, after all runs, each
///   dependent before what it waited for.
///
/// The plan depends only on the input's content, never on its order; steps are ordered by
/// level, then by name. Cycles throw `PlannerError` naming the cycle.
public enum Planner {
    /// Plans one deployment.
    public static func plan(_ input: PlanInput) throws(PlannerError) -> Plan {
        let named = try NamedInput(input)
        let waitForLevels = try levelsOfWaitFor(named)
        let builds = try BuildDecisions(named, input: input)
        let runs = RunDecisions(named, builds: builds, forceRun: input.forceRun)
        let stops = try StopDecisions(removed: named.removed)

        var plan = Plan(steps: [], levels: [], criticalPathLength: 0)
        plan.steps.reserveCapacity(builds.builds.count + named.names.count + named.removed.count + 2)
        let built = appendBuilds(builds, to: &plan)
        let hasStops = !stops.levels.isEmpty
        let afterBuilds = appendBarrier(Self.buildsBarrier, needs: built, if: runs.neededCount > 0 || hasStops, to: &plan)
        let ran = appendRuns(named, levels: waitForLevels, builds: builds, runs: runs, barrier: afterBuilds, to: &plan)
        let afterRuns = appendBarrier(Self.runsBarrier, needs: ran, if: hasStops, to: &plan)
        appendStops(stops, barrier: afterRuns ?? afterBuilds, to: &plan)
        plan.criticalPathLength = plan.levels.count
        return plan
    }

    /// The components in levels where each comes after those it waits for; a cycle is an
    /// error even when every run on it would be skipped.
    static func levelsOfWaitFor(_ named: NamedInput) throws(PlannerError) -> [[String]] {
        switch DependencyOrder(nodes: named.names, dependencies: named.waitFor) {
        case let .generations(levels):
            return levels
        case let .cycle(cycle):
            throw PlannerError(code: .cycle,
                               message: "wait-for cycle: \(cycle.joined(separator: " → ")). Remove one of these wait-for entries.",
                               cycle: cycle)
        }
    }

    /// Builds depend on nothing, so they all go in the first level. Skipped builds follow
    /// the done ones. Answers the ids of the builds that are done.
    static func appendBuilds(_ builds: BuildDecisions, to plan: inout Plan) -> [String] {
        let done = builds.builds.filter(\.built)
        plan.steps += done.map { PlanStep(id: $0.id, component: $0.component, kind: .build, reason: $0.reason, condition: .built) }
        plan.steps += builds.builds.filter { !$0.built }.map {
            PlanStep(id: $0.id, component: $0.component, kind: .skip, reason: $0.reason, skippedKind: .build)
        }
        if !done.isEmpty { plan.levels.append(done.map(\.id)) }
        return done.map(\.id)
    }

    /// The builds barrier: no running component is touched before every build succeeded
    /// (seed 004: check everything before mutating anything).
    static let buildsBarrier = (id: PlanStep.buildsBarrierID, reason: "Every build must succeed before any running component is touched")
    /// The runs barrier: old components stop only once every new run reached its goal.
    static let runsBarrier = (id: PlanStep.runsBarrierID, reason: "Removed components stop only once every run reached its goal")

    /// A barrier step in a level of its own that needs every step of the phase before it,
    /// when that phase did something and a phase follows. Answers its id, or nil.
    static func appendBarrier(_ barrier: (id: String, reason: String), needs: [String], if followed: Bool,
                              to plan: inout Plan) -> String? {
        guard followed && !needs.isEmpty else { return nil }
        plan.steps.append(PlanStep(id: barrier.id, component: "", kind: .barrier, reason: barrier.reason, needs: needs,
                                   condition: .passed))
        plan.levels.append([barrier.id])
        return barrier.id
    }

    /// Runs go level after level: a run is one level past the deepest run it waits for (runs
    /// that are skipped are not waited for), and needs its new image, the builds barrier and
    /// the runs it waits for. Skipped runs follow. Answers the ids of the runs.
    static func appendRuns(_ named: NamedInput, levels waitForLevels: [[String]], builds: BuildDecisions,
                           runs: RunDecisions, barrier: String?, to plan: inout Plan) -> [String] {
        // When every component runs, the wait-for levels are the run levels already.
        var levels = waitForLevels
        if runs.neededCount < named.names.count,
           case let .generations(runLevels) = DependencyOrder(nodes: named.names.filter(runs.isNeeded),
                                                               dependencies: named.waitFor) {
            levels = runLevels
        }
        var ran: [String] = []
        for level in levels {
            let ids = level.map(runID)
            for (name, id) in zip(level, ids) {
                let decision = runs.decisions[name]
                plan.steps.append(PlanStep(id: id, component: name, kind: .run, reason: decision?.reason ?? "",
                                           needs: needsOfRun(name, named: named, builds: builds, runs: runs, barrier: barrier),
                                           condition: decision?.condition))
            }
            plan.levels.append(ids)
            ran += ids
        }
        for name in named.names {
            guard let decision = runs.decisions[name], !decision.needed else { continue }
            plan.steps.append(PlanStep(id: runID(name), component: name, kind: .skip, reason: decision.reason,
                                       skippedKind: .run))
        }
        return ran
    }

    /// A run needs the build of its new image, if any, the builds barrier, then the runs of
    /// the components it waits for that run too: a target that is already up to date is not
    /// waited for.
    static func needsOfRun(_ name: String, named: NamedInput, builds: BuildDecisions, runs: RunDecisions,
                           barrier: String?) -> [String] {
        let targets = named.waitFor[name] ?? []
        var needs: [String] = []
        needs.reserveCapacity(2 + targets.count)
        if let build = builds.newImageBuild(of: name) { needs.append(build) }
        if let barrier { needs.append(barrier) }
        for target in targets where runs.isNeeded(target) { needs.append(runID(target)) }
        return needs
    }

    /// Stops come after the last barrier, each after the stops of those that waited for it.
    static func appendStops(_ stops: StopDecisions, barrier: String?, to plan: inout Plan) {
        for level in stops.levels {
            for name in level {
                let needs = (barrier.map { [$0] } ?? []) + (stops.stopFirst[name] ?? []).map(stopID)
                plan.steps.append(PlanStep(id: stopID(name), component: name, kind: .stop, reason: "Removed from the config",
                                           needs: needs, condition: .stopped))
            }
            plan.levels.append(level.map(stopID))
        }
    }

    static func runID(_ name: String) -> String { "run:" + name }
    static func stopID(_ name: String) -> String { "stop:" + name }
}
