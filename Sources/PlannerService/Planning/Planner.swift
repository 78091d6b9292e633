/// Turns desired components and their current state into a `Plan`: a pure function.
///
/// Rules, in the order they apply:
/// - **Build** an image when none exists for its key (repository, resolved commit, path,
///   build command, image) or with `forceBuild`; else skip it ("Reusing existing build").
///   Components with the same key share one build; `reuse-from` components run the image
///   of the component they reuse, so their run needs that build.
/// - **Barrier**: builds fill the first level; runs and stops start only after all builds.
/// - **Run** when the image or run spec changed, the component is not healthy (continuous),
///   did not succeed (one-off), is not scheduled (scheduled), or with `forceRun`; else skip
///   ("Already up to date").
/// - **Wait-for** becomes a need on the target's run, whose `condition` says what it must
///   reach (healthy, completed, scheduled); a target that is skipped is not waited for.
/// - **Stop** components of the current state that left the config, after all runs, each
///   dependent before what it waited for.
///
/// The plan depends only on the input's content, never on its order; steps are ordered by
/// level, then by name. Cycles throw `PlannerError` naming the cycle. Time and memory are
/// linear: O(components + edges + bytes of the names), names sorted by a radix sort.
public enum Planner {
    /// Plans one deployment.
    public static func plan(_ input: PlanInput) throws(PlannerError) -> Plan {
        let index = try ComponentIndex(input)
        let runOrder: [Int]
        switch index.waitFor.topologicalOrder() {
        case let .ordered(order):
            runOrder = order
        case let .cycle(cycle):
            let names = index.describe(cycle: cycle)
            throw PlannerError(code: .cycle,
                               message: "wait-for cycle: \(names.joined(separator: " → ")). Remove one of these wait-for entries.",
                               cycle: names)
        }
        let builds = try BuildDecisions(index, input: input)
        let runs = RunDecisions(index, builds: builds, forceRun: input.forceRun)
        let stops = try StopDecisions(index)
        return assemble(index, runOrder: runOrder, builds: builds, runs: runs, stops: stops)
    }

    private static func assemble(_ index: ComponentIndex, runOrder: [Int], builds: BuildDecisions,
                                 runs: RunDecisions, stops: StopDecisions) -> Plan {
        let n = index.count
        var steps: [PlanStep] = []
        steps.reserveCapacity(builds.groups.count + n + stops.names.count)
        var levels: [[String]] = []

        // Builds: one level, since builds depend on nothing.
        var buildIDs = [String](repeating: "", count: builds.groups.count)
        var buildLevel: [String] = []
        var skippedBuilds: [PlanStep] = []
        for (g, group) in builds.groups.enumerated() {
            let name = index.names[group.first]
            let id = "build:" + name
            buildIDs[g] = id
            if group.built {
                buildLevel.append(id)
                steps.append(PlanStep(id: id, component: name, kind: .build, reason: group.reason, condition: .built))
            } else {
                skippedBuilds.append(PlanStep(id: id, component: name, kind: .skip, reason: group.reason,
                                              skippedKind: .build))
            }
        }
        steps.append(contentsOf: skippedBuilds)
        if !buildLevel.isEmpty { levels.append(buildLevel) }
        let runBase = levels.count

        // Runs: a run's level is one past the deepest run it waits for, found in one pass
        // over the wait-for order.
        let waitFor = index.waitFor
        var level = [Int](repeating: -1, count: n)
        var runLevels = 0
        for i in runOrder where runs.needed[i] {
            var l = runBase
            for k in waitFor.edges(of: i) {
                let target = waitFor.target(k)
                if runs.needed[target] { l = max(l, level[target] + 1) }
            }
            level[i] = l
            runLevels = max(runLevels, l - runBase + 1)
        }
        let runIDs = index.names.map { "run:" + $0 }
        // The runs in level order, by name within a level (a counting sort of indices); the
        // steps are then appended in that order, one sequential write.
        let byLevel = AdjacencyList(rows: runLevels, grouping: n) { runs.needed[$0] ? level[$0] - runBase : nil }
        var runLevelIDs: [[String]] = []
        runLevelIDs.reserveCapacity(runLevels)
        for l in 0 ..< runLevels {
            var ids: [String] = []
            ids.reserveCapacity(byLevel.edges(of: l).count)
            for k in byLevel.edges(of: l) {
                let i = byLevel.target(k)
                let g = builds.build[i]
                let edges = waitFor.edges(of: i)
                var count = g >= 0 ? 1 : 0
                for e in edges where runs.needed[waitFor.target(e)] { count += 1 }
                var needs: [String] = []
                if count > 0 {
                    needs.reserveCapacity(count)
                    if g >= 0 { needs.append(buildIDs[g]) }
                    for e in edges where runs.needed[waitFor.target(e)] { needs.append(runIDs[waitFor.target(e)]) }
                }
                ids.append(runIDs[i])
                steps.append(PlanStep(id: runIDs[i], component: index.names[i], kind: .run, reason: runs.reason[i],
                                      needs: needs, condition: condition(of: index.types[i])))
            }
            runLevelIDs.append(ids)
        }
        levels.append(contentsOf: runLevelIDs)
        for i in 0 ..< n where !runs.needed[i] {
            steps.append(PlanStep(id: runIDs[i], component: index.names[i], kind: .skip, reason: runs.reason[i],
                                  skippedKind: .run))
        }

        // Stops: after every run.
        for members in stops.levels {
            var ids: [String] = []
            for r in members {
                let name = stops.names[r]
                ids.append("stop:" + name)
                let needs = stops.stopFirst.edges(of: r).map { "stop:" + stops.names[stops.stopFirst.target($0)] }
                steps.append(PlanStep(id: "stop:" + name, component: name, kind: .stop,
                                      reason: "Removed from the config", needs: needs, condition: .stopped))
            }
            levels.append(ids)
        }

        return Plan(steps: steps, levels: levels, criticalPathLength: levels.count)
    }

    /// What dependents of a run wait for, by the type of the component that runs.
    static func condition(of type: PlannedComponent.ComponentType) -> PlanStep.Condition {
        switch type {
        case .continuous: .healthy
        case .oneOff: .completed
        case .scheduled: .scheduled
        }
    }
}
