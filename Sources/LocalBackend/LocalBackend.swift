import ExecutorService
import Foundation
import Logging
import Synchronization
import PlannerService
import ToolConfig

#if canImport(Glibc)
import Glibc
#endif

/// The embedded default runtime: git snapshots as images, supervised child processes, HTTP
/// and TCP health checks, a cron scheduler. It joins the primitives in `Local/` into what the
/// deployment engine asks of a ``DeploymentBackend``.
public actor LocalBackend: DeploymentBackend {
    let git: GitClient
    let images: ImageStore
    let builder: ImageBuilder
    let supervisor: Supervisor
    /// Scheduled runs and build commands while they run.
    let ledger: ProcessLedger
    /// How the processes of tools are confined.
    let sandbox: Sandbox
    /// The tools' persistent homes.
    let homes: ToolHomes
    /// Each tool's own user, when the executor gives them one.
    let identities: ToolIdentities?
    let logger: Logger
    /// How long a continuous component may take to become healthy.
    let startupTimeout: Duration
    /// The operator's defaults for runs whose config sets no `memory` or `cpu`, and the pids limit.
    let resources: ResourcePolicy
    /// Where run cgroups are made; nil when this host has none the executor can write to.
    let cgroups: CgroupHierarchy?
    /// The published components, which the router follows.
    let routes: RouteTable
    /// How long a replaced instance of a published component keeps serving the requests it
    /// has after the router switched away from it.
    let drainPeriod: Duration
    /// The supervisor run id of each component's current version.
    private var current: [String: String] = [:]
    /// The schedule loop of each scheduled component.
    private var schedules: [String: Task<Void, Never>] = [:]
    /// Ports handed to supervisor runs, so two components starting at once never share one.
    var portsInUse: [String: Range<Int>] = [:]
    /// The tools' networks in namespace mode; nil on the host's network.
    let networks: ToolNetworks?
    /// The addresses each supervisor run, and each scheduled component, holds on its tool's network.
    var addressesInUse: [String: (tool: String, addresses: [String])] = [:]

    /// `count` consecutive free ports no other run holds, reserved for `runID`.
    private func reservePorts(_ count: Int, for runID: String) throws -> Int {
        for _ in 0..<100 {
            let base = try LoopbackPort.free()
            let end = base.addingSaturating(count)
            guard end <= 65_536 else { continue }
            let range = base..<end
            guard !portsInUse.values.contains(where: { $0.overlaps(range) }) else { continue }
            portsInUse[runID] = range
            return base
        }
        throw BackendError("no free loopback ports for \(count) replicas")
    }

    /// How many processes a run asks for: 1 when absent. Validation caps it at the operator's
    /// maximum; this refuses, rather than starts, anything past the ceiling that slipped by.
    static func replicaCount(_ asked: Int?) throws -> Int {
        let count = asked ?? 1
        guard (1...ParseLimits.replicasCeiling).contains(count) else {
            throw BackendError("replicas \(count) is outside 1...\(ParseLimits.replicasCeiling); the config service should have refused it")
        }
        return count
    }

    /// Creates the backend over `stateDirectory` (mirrors, images, tool homes), confining
    /// every process it starts for a tool with `sandbox` (check it first: ``Sandbox/check()``).
    /// Every run gets the limits of its config or `resources`, enforced through `cgroups`
    /// (detected by default); without a usable hierarchy only rlimits apply, which is logged
    /// as a warning.
    public init(stateDirectory: URL, allowLocalRepositories: Bool, allowPrivateRepositories: Bool = false,
                allowInsecureRepositories: Bool = false, startupTimeout: Duration = .seconds(60),
                sandbox: Sandbox = .bubblewrap(), toolUIDRange: ClosedRange<UInt32>? = nil,
                resources: ResourcePolicy = ResourcePolicy(), routes: RouteTable = RouteTable(), drainPeriod: Duration = .seconds(10),
                cgroups: Result<CgroupHierarchy, CgroupHierarchy.Unavailable> = CgroupHierarchy.detect(),
                networks: ToolNetworks? = nil, logger: Logger) {
        git = GitClient(stateDirectory: stateDirectory.appendingPathComponent("git", isDirectory: true), allowLocalRepositories: allowLocalRepositories,
                        allowPrivateRepositories: allowPrivateRepositories, allowInsecureRepositories: allowInsecureRepositories, logger: logger)
        images = ImageStore(directory: stateDirectory.appendingPathComponent("images", isDirectory: true))
        let hierarchy: CgroupHierarchy?
        switch cgroups {
        case .success(let found):
            hierarchy = found
            logger.info("run limits enforced through cgroups", metadata: ["version": "\(found.version.rawValue)", "roots": "\(found.distinctRoots)"])
        case .failure(let unavailable):
            hierarchy = nil
            logger.warning("memory, cpu and pids limits are NOT enforced: \(unavailable.reason); runs get rlimits only")
        }
        ledger = ProcessLedger(directory: stateDirectory.appendingPathComponent("processes", isDirectory: true))
        // Build commands run under the limits of a run whose config is silent, in a group no
        // tool can be named ("_" is not allowed in a DNS label).
        var builder = ImageBuilder(store: images, git: git, sandbox: sandbox,
                                   limits: RunLimits(resources: resources.limits(for: RunSpec()), hierarchy: hierarchy, group: "_builds", name: "build"),
                                   logger: logger)
        builder.ledger = ledger
        // Without the sandbox there is no namespace to put anything in.
        self.networks = sandbox.mode == .bubblewrap ? networks : nil
        builder.network = self.networks == nil ? .host : .loopback
        self.builder = builder
        supervisor = Supervisor(logger: logger)
        self.sandbox = sandbox
        homes = ToolHomes(directory: stateDirectory.appendingPathComponent("homes", isDirectory: true))
        identities = toolUIDRange.map { ToolIdentities(range: $0, file: stateDirectory.appendingPathComponent("tool-uids.json")) }
        self.logger = logger
        self.startupTimeout = startupTimeout
        self.resources = resources
        self.routes = routes
        self.drainPeriod = drainPeriod
        self.cgroups = hierarchy
        if let removed = hierarchy?.removeAbandonedRunCgroups(), !removed.isEmpty {
            logger.info("removed cgroups of runs that ended while no executor watched them", metadata: ["count": "\(removed.count)"])
        }
    }

    /// The limits of one run of `component` of `tool`.
    private func limits(_ tool: String, _ component: String, _ run: RunSpec) -> RunLimits {
        RunLimits(resources: resources.limits(for: run), hierarchy: cgroups, group: tool, name: component)
    }

    private func key(_ tool: String, _ component: String) -> String { "\(tool)/\(component)" }

    // MARK: - Builds

    public func resolveCommit(repository: String, ref: String?) async throws -> String {
        let commit = try await git.resolve(repository: repository, ref: ref)
        Self.markUsed(git.mirrorDirectory(for: repository))
        return commit
    }

    private func imageKey(_ job: BuildJob) -> LocalImageKey? {
        let path: String?
        do {
            path = try GitInputValidator.normalizedPath(job.path)
        } catch {
            return nil
        }
        let command = job.command.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        return LocalImageKey(repository: job.repository, commit: job.commit, path: path, buildCommand: command, tool: job.tool)
    }

    public func existingImage(for job: BuildJob) async -> BuiltImage? {
        guard let key = imageKey(job), let image = images.image(for: key) else { return nil }
        Self.markUsed(image.directory)
        return BuiltImage(id: image.id, path: image.appDirectory, reused: true)
    }

    public func existingBuildKeys(tool: String) async -> [BuildKey] {
        images.allImages().filter { $0.key.tool == tool }.map {
            BuildKey(repository: $0.key.repository, commit: $0.key.commit,
                     settingsHash: BuildKey.settingsHash(path: $0.key.path, command: $0.key.buildCommand, image: nil))
        }
    }

    public func build(_ job: BuildJob) async throws -> BuiltImage {
        let result = try await builder.build(repository: job.repository, commit: job.commit, path: job.path, command: job.command, log: LogFile(url: job.logFile),
                                              tool: job.tool, force: job.force, owner: try await identity(of: job.tool))
        Self.markUsed(result.image.directory)
        Self.markUsed(git.mirrorDirectory(for: job.repository))
        return BuiltImage(id: result.image.id, path: result.image.appDirectory, reused: result.reused)
    }

    // MARK: - Runs

    /// The command a run starts, its Procfile read off this actor; a refused Procfile fails
    /// the run, with the reason in the run's log too.
    private func resolvedCommand(_ command: String?, tool: String, run: RunSpec, directory: URL, environment: [String: String],
                                 log: LogFile, limits: RunLimits) async throws -> SupervisedCommand {
        let profile = try await profile(tool: tool, run: run, directory: directory)
        do {
            return try await SupervisedCommand.resolving(command: command ?? "", directory: directory, environment: environment, log: log,
                                                         sandbox: sandbox, profile: profile, limits: limits)
        } catch {
            try? log.append(line: "==> Cannot start: \(error.message)")
            throw BackendError(error.message)
        }
    }

    /// What a run of `tool` sees: its image read-only and the tool's home, or a private empty
    /// home when the component says `mount: none`.
    private func profile(tool: String, run: RunSpec, directory: URL) async throws -> SandboxProfile {
        let identity = try await identity(of: tool)
        if let identity, try owner(of: directory) != identity.uid {
            // An image built before the tool had its user (images are per tool, so it is this tool's).
            logger.info("giving an image to its tool's user", metadata: ["image": "\(directory.path)", "uid": "\(identity.uid)"])
            try identity.own(directory)
        }
        let home = run.mount == "none" ? nil : try homes.home(of: tool, owner: identity)
        return SandboxProfile(tool: tool, home: home, appDirectory: directory, appWritable: false, identity: identity)
    }

    private func owner(of url: URL) throws(LocalBackendError) -> UInt32 {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw LocalBackendError(code: .fileSystem, message: "cannot read the owner of \(url.path): \(String(cString: strerror(errno)))")
        }
        return status.st_uid
    }

    /// The user `tool`'s processes run as; nil without `--tool-uid-range` or sandbox.
    private func identity(of tool: String?) async throws -> ToolIdentity? {
        guard let identities, let tool, sandbox.mode == .bubblewrap else { return nil }
        return try await identities.identity(of: tool)
    }

    public func run(_ job: RunJob) async throws -> RunOutcome {
        Self.markUsed(images.folder(of: job.image.id))
        let command = try await resolvedCommand(job.run.command, tool: job.tool, run: job.run, directory: job.image.path, environment: job.env,
                                                log: LogFile(url: job.logFile), limits: limits(job.tool, job.component, job.run))
        switch job.type {
        case .continuous: return try await runContinuous(job, command: command)
        case .oneOff: return try await runOneOff(job, command: command)
        case .scheduled: return try await schedule(job, command: command)
        }
    }

    private func runContinuous(_ job: RunJob, command: SupervisedCommand) async throws -> RunOutcome {
        let component = key(job.tool, job.component)
        let runID = "\(component)#\(UUID().uuidString.prefix(8))"
        let replicas = try Self.replicaCount(job.run.replicas)
        // In namespace mode each replica has its own address and the declared port; on the
        // host's network a fresh port per version, so the new one starts beside the old one.
        let (command, addresses) = try await attach(command, tool: job.tool, count: replicas, holder: runID)
        let port = job.run.port == nil || !addresses.isEmpty ? job.run.port : try reservePorts(replicas, for: runID)
        let started: [SupervisedReplica]
        do {
            started = try await supervisor.startContinuous(id: runID, command: command, port: port, replicas: replicas, addresses: addresses)
        } catch {
            await releaseResources(of: runID)
            throw error
        }
        let host = addresses.first ?? "127.0.0.1"
        let probe: HealthProbe? = switch job.run.healthCheck {
        case .http(let path)?: port.map { .http(host: host, port: $0, path: path) }
        case .tcp?: port.map { .tcp(host: host, port: $0) }
        case .script(let script)?: .script(scriptCheck(script, of: command, job: job, port: port, sandboxPID: started.first?.sandboxPID))
        case nil: port.map { .tcp(host: host, port: $0) }
        }
        let supervisor = supervisor
        var words = "Running"
        if let probe {
            let result = await HealthChecker.waitUntilHealthy(probe, timeout: startupTimeout, stillRunning: {
                await supervisor.replicas(of: runID)?.allSatisfy { $0.restarts == 0 } ?? false
            })
            guard result.healthy else {
                await supervisor.stop(id: runID)
                await releaseResources(of: runID)
                let tail = command.log.tail(lines: 10).joined(separator: "\n")
                let hint = addresses.isEmpty ? "" : " (a component must listen on all addresses, 0.0.0.0, not 127.0.0.1: its loopback is its own)"
                throw BackendError("not healthy within \(startupTimeout): \(result.lastFailure ?? "no answer")\(hint); last log lines:\n\(tail)")
            }
            words = "Running and healthy (\(result.summary))"
        } else {
            // No port and no check: it counts as started when it is still up a moment later.
            // Cancelled meanwhile, it is stopped: nothing would record it.
            do {
                try await Task.sleep(for: .seconds(1))
            } catch {
                await supervisor.stop(id: runID)
                await releaseResources(of: runID)
                throw error
            }
            guard let replicas = await supervisor.replicas(of: runID), replicas.allSatisfy({ $0.restarts == 0 }) else {
                await supervisor.stop(id: runID)
                await releaseResources(of: runID)
                throw BackendError("exited right after starting; last log lines:\n\(command.log.tail(lines: 10).joined(separator: "\n"))")
            }
        }
        if let address = addresses.first {
            do {
                try await networks?.publish(tool: job.tool, component: job.component, address: address)
            } catch {
                // Not named, it is stopped: nothing would record it.
                await supervisor.stop(id: runID)
                await releaseResources(of: runID)
                throw error
            }
        }
        let ports = port.map { port in addresses.isEmpty ? Array(port..<port.addingSaturating(replicas)) : Array(repeating: port, count: replicas) }
        await route(job, ports: ports, addresses: addresses, replacing: current[component] != nil || !job.replacing.isEmpty, log: command.log)
        await replace(component, with: runID, previous: job.replacing)
        let processes = (await supervisor.replicas(of: runID) ?? started).compactMap { replica in
            replica.pid.map { ComponentStateRecord.LiveProcess(pid: $0, startTime: replica.startTime ?? 0) }
        }
        let at = addresses.first.map { " at \($0)" } ?? ""
        return RunOutcome(processes: processes, port: port, summary: words + (port.map { " on port \($0)" } ?? "") + at)
    }

    /// Points the router at the new instance's `ports` (or takes the component off it when it
    /// is no longer published), waits until the router has switched, then lets a replaced
    /// instance drain before the caller stops it. A cancel cuts the drain short and nothing
    /// else: the new instance already takes the traffic, so the replacement completes.
    private func route(_ job: RunJob, ports: [Int]?, addresses: [String], replacing: Bool, log: LogFile) async {
        let generation: UInt64
        if let ports, let route = RouteTable.Route(tool: job.tool, component: job.component, run: job.run, ports: ports, addresses: addresses) {
            generation = await routes.publish(route)
        } else {
            generation = await routes.withdraw(tool: job.tool, component: job.component)
        }
        switch await routes.waitUntilRouted(generation, timeout: .seconds(5)) {
        case .noRouter:
            return
        case .routed:
            if let path = job.run.publishedPath { try? log.append(line: "==> The router sends \(path) to this instance") }
        case .timedOut:
            logger.warning("the router did not confirm the new routes within 5 s; going on", metadata: ["component": "\(job.tool)/\(job.component)"])
        }
        guard replacing, job.run.publishedPath != nil, drainPeriod > .zero else { return }
        try? log.append(line: "==> Letting the previous instance finish its requests for \(drainPeriod)")
        try? await Task.sleep(for: drainPeriod)
    }

    /// Makes `runID` the component's current version and stops the previous one.
    private func replace(_ component: String, with runID: String?, previous: [ComponentStateRecord.LiveProcess]) async {
        if let old = current[component] {
            await supervisor.stop(id: old)
            await releaseResources(of: old)
        }
        for process in previous {
            let recorded = RecordedProcess(pid: process.pid, startTime: process.startTime)
            // Found before the kill: a recorded process of an earlier executor keeps its cgroup,
            // which holds whatever it started (escapes from its group included).
            let cgroup = recorded.isRunning ? cgroups.flatMap { RunCgroup.containing(pid: process.pid, in: $0, limits: ResourceLimits()) } : nil
            await supervisor.terminate(recorded)
            await cgroup?.remove()
        }
        current[component] = runID
    }

    private func runOneOff(_ job: RunJob, command: SupervisedCommand) async throws -> RunOutcome {
        let timeout = Duration.seconds(job.run.timeoutSeconds ?? 600)
        let holder = "\(key(job.tool, job.component))#one-off-\(UUID().uuidString.prefix(8))"
        let (command, _) = try await attach(command, tool: job.tool, count: 1, holder: holder)
        let result: OneOffResult
        do {
            result = try await supervisor.runOnce(command, timeout: timeout) { process in
                job.onProcessStarted(ComponentStateRecord.LiveProcess(pid: process.pid, startTime: process.startTime))
            }
        } catch {
            await releaseResources(of: holder)
            throw error
        }
        await releaseResources(of: holder)
        guard result.succeeded else {
            let why = result.timedOut ? "did not finish within its timeout of \(timeout)" : result.failureReason ?? "\(result.status)"
            throw BackendError("\(why); last log lines:\n\(result.lastLines.joined(separator: "\n"))")
        }
        return RunOutcome(processes: [], port: nil, summary: "Completed successfully in \(result.duration.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
    }

    private func schedule(_ job: RunJob, command: SupervisedCommand) async throws -> RunOutcome {
        let component = key(job.tool, job.component)
        guard let text = job.run.schedule else { throw BackendError("a scheduled component needs a schedule") }
        let expression = try CronExpression(text)
        schedules[component]?.cancel()
        // One address for the component's runs while it is scheduled (they do not overlap).
        let holder = "\(component)#schedule"
        await releaseResources(of: holder)
        let (command, _) = try await attach(command, tool: job.tool, count: 1, holder: holder)
        let supervisor = supervisor
        let ledger = ledger
        let logger = logger
        let timeout = Duration.seconds(job.run.timeoutSeconds ?? 3600)
        let runner = CronRunner(timing: .cron(expression), logger: logger)
        schedules[component] = Task {
            await runner.run { _ in
                let running = Mutex<RecordedProcess?>(nil)
                do {
                    _ = try await supervisor.runOnce(command, timeout: timeout) { process in
                        running.withLock { $0 = process }
                        do { try ledger.started(process, what: "scheduled run of \(component)") } catch {
                            logger.error("a scheduled run runs unrecorded", metadata: ["component": "\(component)", "error": "\(error)"])
                        }
                    }
                } catch {
                    logger.error("a scheduled run could not run", metadata: ["component": "\(component)", "error": "\(error)"])
                }
                running.withLock { $0 }.map { ledger.ended($0) }
            }
        }
        let next = expression.nextDate(after: Date()).map { $0.formatted(.iso8601) } ?? "never"
        return RunOutcome(processes: [], port: nil, summary: "Scheduled \"\(text)\"; next run at \(next)")
    }

    public func stop(tool: String, component: String, processes: [ComponentStateRecord.LiveProcess]) async {
        let name = key(tool, component)
        schedules.removeValue(forKey: name)?.cancel()
        await releaseResources(of: "\(name)#schedule")
        let generation = await routes.withdraw(tool: tool, component: component)
        if await routes.waitUntilRouted(generation, timeout: .seconds(5)) == .timedOut {
            logger.warning("the router did not confirm the removal of a route within 5 s; stopping anyway", metadata: ["component": "\(name)"])
        }
        await replace(name, with: nil, previous: processes)
        do {
            try await networks?.publish(tool: tool, component: component, address: nil)
        } catch {
            logger.warning("could not take a stopped component out of its tool's hosts file", metadata: ["component": "\(name)", "error": "\(error.message)"])
        }
    }

    public func isAlive(_ processes: [ComponentStateRecord.LiveProcess]) async -> Bool {
        !processes.isEmpty && processes.allSatisfy { LinuxProcessInfo.isRunning(pid: $0.pid, startTime: $0.startTime) }
    }

    public func recover(_ state: ComponentStateRecord, logFile: URL) async throws -> RunOutcome {
        let run = try JSONDecoder().decode(RunSpec.self, from: Data(state.runSpecJSON.utf8))
        let command = try await resolvedCommand(run.command, tool: state.tool, run: run, directory: URL(fileURLWithPath: state.imagePath),
                                                environment: state.env, log: LogFile(url: logFile), limits: limits(state.tool, state.component, run))
        let name = key(state.tool, state.component)
        switch state.type {
        case .scheduled:
            let job = RunJob(tool: state.tool, component: state.component, type: .scheduled, image: BuiltImage(id: state.imageID, path: URL(fileURLWithPath: state.imagePath), reused: true),
                             run: run, env: state.env, logFile: logFile, replacing: [])
            return try await schedule(job, command: command)
        default:
            let runID = "\(name)#\(UUID().uuidString.prefix(8))"
            let processes = state.processes.map { RecordedProcess(pid: $0.pid, startTime: $0.startTime) }
            let count = try Self.replicaCount(run.replicas)
            let (command, addresses) = try await reattach(command, tool: state.tool, processes: processes, count: count, holder: runID)
            let replicas: [SupervisedReplica]
            do {
                replicas = try await supervisor.adoptContinuous(id: runID, command: command, port: state.port, replicas: count,
                                                                addresses: addresses, processes: processes)
            } catch {
                await releaseResources(of: runID)
                throw error
            }
            current[name] = runID
            if let address = addresses.first {
                try await networks?.publish(tool: state.tool, component: state.component, address: address)
            }
            if let port = state.port {
                let ports = addresses.isEmpty ? Array(port..<port.addingSaturating(replicas.count)) : Array(repeating: port, count: replicas.count)
                if addresses.isEmpty { portsInUse[runID] = port..<port.addingSaturating(replicas.count) }
                if let route = RouteTable.Route(tool: state.tool, component: state.component, run: run, ports: ports, addresses: addresses) {
                    await routes.publish(route)
                }
            }
            let adopted = replicas.filter(\.adopted).count
            return RunOutcome(
                processes: replicas.compactMap { r in r.pid.map { ComponentStateRecord.LiveProcess(pid: $0, startTime: r.startTime ?? 0) } },
                port: state.port, summary: "re-adopted \(adopted) of \(replicas.count) processes, restarted the rest")
        }
    }

    /// Ends the scheduled runs and build commands a killed executor left running (its
    /// continuous components are re-adopted by ``recover(_:logFile:)`` instead). Call once
    /// at start, before recovery. Answers what was ended.
    @discardableResult
    public func endLeftoverProcesses() async -> [String] {
        await ledger.endLeftovers(logger: logger)
    }

    /// What each running continuous component uses, by tool and component: memory now, CPU
    /// time and OOM kills since its current version started. Empty without cgroups.
    public func resourceUsage() async -> [ComponentKey: ResourceUsage] {
        await resourceUsage { _ in true }
    }

    public func resourceUsage(tool: String) async -> [String: ResourceUsage] {
        var result: [String: ResourceUsage] = [:]
        for (key, usage) in await resourceUsage(where: { $0 == tool }) {
            result[key.component] = usage
        }
        return result
    }

    /// What the running components of the tools `included` accepts use, read from their cgroups.
    private func resourceUsage(where included: (String) -> Bool) async -> [ComponentKey: ResourceUsage] {
        var result: [ComponentKey: ResourceUsage] = [:]
        for (name, runID) in current {
            let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, included(parts[0]), cgroups != nil, let usage = await supervisor.usage(of: runID) else { continue }
            result[ComponentKey(tool: parts[0], component: parts[1])] = usage
        }
        return result
    }

    /// Stops everything this backend supervises, for shutdown.
    public func shutdown(stopProcesses: Bool) async {
        for task in schedules.values { task.cancel() }
        if stopProcesses {
            await supervisor.stopAll()
            await networks?.removeBridges()
        } else {
            await supervisor.detachAll()
        }
    }
}
