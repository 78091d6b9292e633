import Foundation
import PlannerService
import ToolConfig

/// The runs of a deployment in dependency order: a run starts once every run it needs has
/// reached its condition; a failure skips everything that depends on it.
struct RunPhase {
    let runner: DeploymentRunner
    let job: DeploymentJob
    let recorder: DeploymentRecorder
    let images: [String: BuiltImage]

    /// Answers why the phase failed, or nil; throws when a record could not be committed,
    /// after the runs in flight were cancelled.
    func execute() async throws(DeploymentRecorder.StoreFailure) -> String? {
        let store = runner.store
        for step in job.plan.steps where step.kind == .skip && step.phase == .run {
            try await recorder.run(.skip, of: step.component, step.reason)
        }
        let steps = job.plan.steps.filter { $0.kind == .run }
        let runIDs = Set(steps.map(\.id))
        var pending = steps
        var succeeded = Set<String>()
        var failed = Set<String>()
        var failure: String?
        let recorded = try await recorder.store("read the component states of \(job.tool)") { try await store.componentStates(tool: job.tool) }
        var states = Dictionary(recorded.map { ($0.component, $0) }, uniquingKeysWith: { a, _ in a })
        var storeFailure: DeploymentRecorder.StoreFailure?

        await withTaskGroup(of: (PlanStep, Result<RunOutcome, any Error>).self) { group in
            func startReady() async throws(DeploymentRecorder.StoreFailure) {
                guard !Task.isCancelled else { return }
                let ready = pending.filter { step in step.needs.filter(runIDs.contains).allSatisfy(succeeded.contains) }
                pending.removeAll { step in ready.contains { $0.id == step.id } }
                for step in ready {
                    guard let image = images[step.component], let spec = job.config.components[step.component] else {
                        failed.insert(step.id)
                        failure = failure ?? "Run of \(step.component) failed: its image is missing"
                        try await recorder.run(.fail, of: step.component, "Its image is missing")
                        continue
                    }
                    var runJob = RunJob(
                        tool: job.tool, component: step.component, type: spec.type, image: image, run: spec.run,
                        env: environment(for: spec, states: states), logFile: job.logFile(step.component, "run"),
                        replacing: states[step.component]?.processes ?? [])
                    runJob.onProcessStarted = { [job, recorder] process in
                        do {
                            try recorder.storeNow("record the process of \(step.component)") {
                                try store.recordInflight(tool: job.tool, deployID: job.deployID, component: step.component, process: process)
                            }
                        } catch {
                            // Logged by the recorder. Told from inside the backend, this cannot
                            // stop the run; only a killed executor would miss the process.
                        }
                    }
                    try await recorder.run(.start, of: step.component, startingWords(spec.type))
                    try await recorder.step(.started, step.id)
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
            func ended(_ step: PlanStep, _ result: Result<RunOutcome, any Error>) async throws(DeploymentRecorder.StoreFailure) {
                try await recorder.step(.ended, step.id)
                try await recorder.store("forget the processes of \(step.component)") { try await store.clearInflight(deployID: job.deployID, component: step.component) }
                switch result {
                case .success(let outcome):
                    let state = componentState(step.component, outcome: outcome, lastResult: .succeeded)
                    states[step.component] = state
                    try await recorder.store("save the state of \(step.component)") { try await store.saveComponentState(state) }
                    try await recorder.run(.succeed, of: step.component, outcome.summary)
                    succeeded.insert(step.id)
                case .failure(let error):
                    failed.insert(step.id)
                    if job.config.components[step.component]?.type == .oneOff, var state = states[step.component] {
                        state.lastResult = .failed
                        try await recorder.store("save the state of \(step.component)") { try await store.saveComponentState(state) }
                    }
                    let words = Task.isCancelled ? "Cancelled while running" : "\(error)"
                    try await recorder.run(Task.isCancelled ? .cancel : .fail, of: step.component, words)
                    failure = failure ?? "Run of \(step.component) failed: \(error)"
                    try await skipDependents(of: step.id, pending: &pending, failed: &failed)
                }
            }
            do throws(DeploymentRecorder.StoreFailure) {
                try await startReady()
                while let (step, result) = await group.next() {
                    try await ended(step, result)
                    try await startReady()
                }
            } catch {
                storeFailure = error
                group.cancelAll()
            }
        }
        if let storeFailure { throw storeFailure }
        return failure ?? (Task.isCancelled ? "Cancelled" : nil)
    }

    private func skipDependents(of failedID: String, pending: inout [PlanStep], failed: inout Set<String>) async throws(DeploymentRecorder.StoreFailure) {
        var changed = true
        while changed {
            changed = false
            for step in pending where step.needs.contains(where: failed.contains) {
                failed.insert(step.id)
                try await recorder.run(.skip, of: step.component, "Skipped due to previous failure")
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
        for (name, state) in states where state.type == .continuous {
            if let port = state.port {
                let key = name.uppercased().replacingOccurrences(of: "-", with: "_") + "_URL"
                if env[key] == nil { env[key] = runner.backend.componentURL(component: name, port: port) }
            }
        }
        return env
    }

    private func componentState(_ component: String, outcome: RunOutcome, lastResult: ComponentState.RunResult) -> ComponentStateRecord {
        let spec = job.config.components[component]
        let source = job.imageSource(of: component)
        let build = job.buildJob(for: source)
        let image = images[component]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let runJSON = spec.flatMap { try? encoder.encode($0.run) }.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ComponentStateRecord(
            tool: job.tool, component: component, type: spec?.type ?? .continuous,
            imageID: image?.id ?? "", imagePath: image?.path.path ?? "",
            repository: build?.repository ?? "", commit: build?.commit ?? "",
            buildSettingsHash: build?.buildKey.settingsHash ?? "",
            runSpecHash: spec.map { PlannedComponent.runSpecHash($0.run) } ?? "",
            waitFor: spec?.waitFor ?? [], lastResult: lastResult, scheduled: spec?.type == .scheduled,
            runSpecJSON: runJSON, env: spec?.run.env ?? [:], processes: outcome.processes, port: outcome.port,
            deployId: job.deployID)
    }
}
