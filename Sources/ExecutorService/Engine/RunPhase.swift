import Foundation
import PlannerService
import ToolConfig

/// The runs of a deployment in dependency order: a run starts once every run it needs has
/// reached its condition; a failure skips everything that depends on it.
struct RunPhase {
    let runner: DeploymentRunner
    let job: DeploymentJob
    let images: [String: BuiltImage]

    /// Answers why the phase failed, or nil.
    func execute() async -> String? {
        let store = runner.store
        for step in job.plan.steps where step.kind == .skip && step.phase == .run {
            try? store.apply(.skip, toRunOf: step.component, in: job.deployID, longStatus: step.reason)
        }
        let steps = job.plan.steps.filter { $0.kind == .run }
        let runIDs = Set(steps.map(\.id))
        var pending = steps
        var succeeded = Set<String>()
        var failed = Set<String>()
        var failure: String?
        var states = Dictionary(((try? store.componentStates(tool: job.tool)) ?? []).map { ($0.component, $0) }, uniquingKeysWith: { a, _ in a })

        await withTaskGroup(of: (PlanStep, Result<RunOutcome, any Error>).self) { group in
            func startReady() {
                guard !Task.isCancelled else { return }
                let ready = pending.filter { step in step.needs.filter(runIDs.contains).allSatisfy(succeeded.contains) }
                pending.removeAll { step in ready.contains { $0.id == step.id } }
                for step in ready {
                    guard let image = images[step.component], let spec = job.config.components[step.component] else {
                        failed.insert(step.id)
                        failure = failure ?? "Run of \(step.component) failed: its image is missing"
                        try? store.apply(.fail, toRunOf: step.component, in: job.deployID, longStatus: "Its image is missing")
                        continue
                    }
                    var runJob = RunJob(
                        tool: job.tool, component: step.component, type: spec.type, image: image, run: spec.run,
                        env: environment(for: spec, states: states), logFile: job.logFile(step.component, "run"),
                        replacing: states[step.component]?.processes ?? [])
                    runJob.onProcessStarted = { [job] process in
                        try? store.recordInflight(tool: job.tool, deployID: job.deployID, component: step.component, process: process)
                    }
                    try? store.apply(.start, toRunOf: step.component, in: job.deployID, longStatus: startingWords(spec.type))
                    runner.note(.started, step.id, of: job)
                    runner.count("runs_started", "Runs started, by component type.", labels: [("type", spec.type.rawValue)])
                    group.addTask {
                        do {
                            return (step, .success(try await runner.backend.run(runJob)))
                        } catch {
                            return (step, .failure(error))
                        }
                    }
                }
            }
            startReady()
            while let (step, result) = await group.next() {
                runner.note(.ended, step.id, of: job)
                try? store.clearInflight(deployID: job.deployID, component: step.component)
                switch result {
                case .success(let outcome):
                    let state = componentState(step.component, outcome: outcome, lastResult: "succeeded")
                    states[step.component] = state
                    try? store.saveComponentState(state)
                    try? store.apply(.succeed, toRunOf: step.component, in: job.deployID, longStatus: outcome.summary)
                    succeeded.insert(step.id)
                case .failure(let error):
                    failed.insert(step.id)
                    if job.config.components[step.component]?.type == .oneOff, var state = states[step.component] {
                        state.lastResult = "failed"
                        try? store.saveComponentState(state)
                    }
                    let words = Task.isCancelled ? "Cancelled while running" : "\(error)"
                    try? store.apply(Task.isCancelled ? .cancel : .fail, toRunOf: step.component, in: job.deployID, longStatus: words)
                    failure = failure ?? "Run of \(step.component) failed: \(error)"
                    skipDependents(of: step.id, pending: &pending, failed: &failed)
                }
                startReady()
            }
        }
        if !pending.isEmpty || failure != nil {
            try? store.abandonPendingSteps(of: job.deployID, longStatus: Task.isCancelled ? "Cancelled before it started" : "Skipped due to previous failure")
        }
        return failure ?? (Task.isCancelled ? "Cancelled" : nil)
    }

    private func skipDependents(of failedID: String, pending: inout [PlanStep], failed: inout Set<String>) {
        var changed = true
        while changed {
            changed = false
            for step in pending where step.needs.contains(where: failed.contains) {
                failed.insert(step.id)
                try? runner.store.apply(.skip, toRunOf: step.component, in: job.deployID, longStatus: "Skipped due to previous failure")
                pending.removeAll { $0.id == step.id }
                changed = true
            }
        }
    }

    private func startingWords(_ type: ComponentType) -> String {
        switch type {
        case .continuous: "Starting, waiting until healthy"
        case .oneOff: "Running to completion"
        case .scheduled: "Registering the schedule"
        }
    }

    /// The component's env plus `<COMPONENT>_URL` of every continuous component with a port.
    private func environment(for spec: Component, states: [String: ComponentStateRecord]) -> [String: String] {
        var env = spec.run.env
        for (name, state) in states where state.type == ComponentType.continuous.rawValue {
            if let port = state.port {
                let key = name.uppercased().replacingOccurrences(of: "-", with: "_") + "_URL"
                if env[key] == nil { env[key] = "http://127.0.0.1:\(port)" }
            }
        }
        return env
    }

    private func componentState(_ component: String, outcome: RunOutcome, lastResult: String) -> ComponentStateRecord {
        let spec = job.config.components[component]
        let source = job.imageSource(of: component)
        let build = job.buildJob(for: source)
        let image = images[component]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let runJSON = spec.flatMap { try? encoder.encode($0.run) }.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ComponentStateRecord(
            tool: job.tool, component: component, type: spec?.type.rawValue ?? "",
            imageID: image?.id ?? "", imagePath: image?.path.path ?? "",
            repository: build?.repository ?? "", commit: build?.commit ?? "",
            buildSettingsHash: build?.buildKey.settingsHash ?? "",
            runSpecHash: spec.map { PlannedComponent.runSpecHash($0.run) } ?? "",
            waitFor: spec?.waitFor ?? [], lastResult: lastResult, scheduled: spec?.type == .scheduled,
            runSpecJSON: runJSON, env: spec?.run.env ?? [:], processes: outcome.processes, port: outcome.port,
            deployId: job.deployID)
    }
}
