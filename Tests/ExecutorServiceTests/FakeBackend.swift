import ExecutorService
import Foundation
import PlannerService
import Synchronization
import ToolConfig

/// A backend that does no real work: builds and runs take the given time and succeed or
/// fail as told, and every start and end is recorded with its time, for ordering checks.
final class FakeBackend: DeploymentBackend {
    struct Event: Sendable {
        var what: String
        var component: String
        var at: ContinuousClock.Instant
    }

    let failingBuilds: Set<String>
    let failingRuns: Set<String>
    let duration: Duration
    /// Durations of particular builds (by repository name) and runs (by component).
    let durations: [String: Duration]
    /// The `<COMPONENT>_URL` a backend whose components run in network namespaces gives:
    /// `http://<component>:<port>`; the default one otherwise.
    let namedURLs: Bool
    private let events = Mutex<[Event]>([])
    private let environments = Mutex<[String: [String: String]]>([:])
    private let built = Mutex<[BuildKey: BuiltImage]>([:])

    init(failingBuilds: Set<String> = [], failingRuns: Set<String> = [], duration: Duration = .milliseconds(30),
         durations: [String: Duration] = [:], namedURLs: Bool = false) {
        self.namedURLs = namedURLs
        self.failingBuilds = failingBuilds
        self.failingRuns = failingRuns
        self.duration = duration
        self.durations = durations
    }

    var recorded: [Event] { events.withLock { $0 } }

    func time(_ what: String, _ component: String) -> ContinuousClock.Instant? {
        recorded.first { $0.what == what && $0.component == component }?.at
    }

    func count(_ what: String) -> Int { recorded.filter { $0.what == what }.count }

    private func note(_ what: String, _ component: String) {
        events.withLock { $0.append(Event(what: what, component: component, at: .now)) }
    }

    func resolveCommit(repository: String, ref: String?) async throws -> String {
        String(repeating: "a", count: 40)
    }

    func existingImage(for job: BuildJob) async -> BuiltImage? { built.withLock { $0[job.buildKey] } }

    func existingBuildKeys(tool: String) async -> [BuildKey] { built.withLock { Array($0.keys) } }

    func build(_ job: BuildJob) async throws -> BuiltImage {
        let name = URL(fileURLWithPath: job.repository).lastPathComponent
        note("build-start", name)
        try await Task.sleep(for: durations[name] ?? duration)
        note("build-end", name)
        if failingBuilds.contains(name) {
            throw BackendError("build command exited with 1; last lines: make: *** [all] Error 1")
        }
        let image = BuiltImage(id: "img-\(name)", path: URL(fileURLWithPath: "/tmp"), reused: false)
        built.withLock { $0[job.buildKey] = image }
        return image
    }

    /// The environment the last run of `component` was given.
    func environment(of component: String) -> [String: String]? { environments.withLock { $0[component] } }

    func componentURL(component: String, port: Int) -> String {
        namedURLs ? "http://\(component):\(port)" : "http://127.0.0.1:\(port)"
    }

    func run(_ job: RunJob) async throws -> RunOutcome {
        environments.withLock { $0[job.component] = job.env }
        note("run-start", job.component)
        try await Task.sleep(for: durations[job.component] ?? duration)
        note("run-end", job.component)
        if failingRuns.contains(job.component) {
            throw BackendError("\(job.component) exited with code 3; last lines: migration failed")
        }
        return RunOutcome(processes: [], port: job.type == .continuous ? 5000 : nil, summary: "Started")
    }

    func stop(tool: String, component: String, processes: [ComponentStateRecord.LiveProcess]) async {
        note("stop", component)
    }

    func isAlive(_ processes: [ComponentStateRecord.LiveProcess]) async -> Bool { true }

    func recover(_ state: ComponentStateRecord, logFile: URL) async throws -> RunOutcome {
        RunOutcome(processes: state.processes, port: state.port, summary: "Re-adopted")
    }
}
