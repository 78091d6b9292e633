import Foundation
import Logging
import Protocol
import ServiceLifecycle
import ToolConfig

/// Deploy on push by polling: for every tool whose config says `auto-deploy: {poll: ...}`,
/// resolves each (repository, ref) the config builds with `git ls-remote` (the backend's
/// git client and its safety rules), and when a commit moved, creates a deployment through
/// the same queue as any other, so a burst of pushes gives at most one running and one
/// queued deployment.
///
/// Tools are the hostile tenants of one executor: git processes are bounded for the whole
/// executor (``AutoDeployLimits/concurrentChecks``), each tool has at most one at a time,
/// each is killed after ``AutoDeployLimits/checkTimeout``, and a failing repository backs
/// off on its own. Polling covers tools with at least one deployment: it deploys changes
/// from what runs, never a first deployment.
public actor AutoDeployPoller: Service {
    let core: ExecutorServiceCore
    let limits: AutoDeployLimits
    let metrics: ServiceMetrics?
    let logger: Logger
    /// Bounds git processes of polling and of webhooks alike.
    let limiter: GitCallLimiter
    private var tools: [String: ToolPollState] = [:]
    private var lastRefresh: ContinuousClock.Instant?

    /// Creates the poller of `core`'s tools; run it in the service group.
    public init(core: ExecutorServiceCore, limits: AutoDeployLimits, metrics: ServiceMetrics? = nil) {
        self.core = core
        self.limits = limits
        self.metrics = metrics
        self.logger = core.logger
        self.limiter = GitCallLimiter(limit: limits.concurrentChecks)
    }

    /// Checks due repositories every tick until shutdown; checks run as child tasks.
    public nonisolated func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    for (tool, key) in await self.dueChecks() {
                        group.addTask { await self.check(tool: tool, key: key) }
                    }
                    try? await Task.sleep(for: self.limits.tick)
                }
            }
        }
    }

    // MARK: - Which checks are due

    /// Per tool with no check in flight, its most overdue repository; marks those tools busy.
    private func dueChecks() async -> [(String, PolledRepository)] {
        let now = ContinuousClock.now
        if lastRefresh.map({ now - $0 >= limits.configRefresh }) ?? true {
            lastRefresh = now
            await refresh()
        }
        var due: [(String, PolledRepository)] = []
        for (tool, state) in tools.sorted(by: { $0.key < $1.key }) where !state.checking {
            let ready = state.repositories.filter { $0.value.nextCheck <= now }
            guard let next = ready.min(by: { ($0.value.nextCheck, $0.key) < ($1.value.nextCheck, $1.key) }) else { continue }
            tools[tool]?.checking = true
            due.append((tool, next.key))
        }
        return due
    }

    /// Reads the configs of the tools with deployments again: polling on or off, interval,
    /// which repositories. A config that cannot be read keeps the tool's last known state.
    func refresh() async {
        let known: [String]
        do {
            known = try await core.store.tools()
        } catch {
            logger.error("auto-deploy cannot list the tools", metadata: ["error": "\(error)"])
            return
        }
        for tool in Set(tools.keys).subtracting(known) { tools[tool] = nil }
        for tool in known { await refresh(tool: tool) }
    }

    /// Reads one tool's config again.
    private func refresh(tool: String) async {
        switch await core.configClient.result(ConfigMethod.getConfig, Wire.GetConfigRequest(tool: tool)) {
        case .success(let answer):
            let config = answer.config.flatMap { ToolConfigParser.parse($0.canonicalJson, options: .acceptedConfig).config }
            update(tool, config: config)
        case .failure(let error) where error.code == .notFound:
            tools[tool] = nil
        case .failure(let error):
            logger.warning("auto-deploy cannot read a tool's config", metadata: ["tool": "\(tool)", "error": "\(error)"])
        }
    }

    private func update(_ tool: String, config: ToolConfiguration?) {
        guard let config, let requested = config.autoDeploy?.pollSeconds else {
            tools[tool] = nil
            return
        }
        let interval = PollSchedule.interval(requestedSeconds: requested, limits: limits)
        var state = tools[tool] ?? ToolPollState(requestedSeconds: requested, interval: interval)
        state.requestedSeconds = requested
        state.interval = interval
        var repositories: [PolledRepository: RepositoryPollState] = [:]
        for (key, components) in Self.polledRepositories(config) {
            var repository = state.repositories[key] ?? RepositoryPollState(
                components: components,
                nextCheck: .now + PollSchedule.firstDelay(interval: interval, random: .random(in: 0..<1)))
            repository.components = components
            repositories[key] = repository
        }
        state.repositories = repositories
        tools[tool] = state
    }

    /// Every distinct (repository, ref) `config` builds, with the components built from it.
    static func polledRepositories(_ config: ToolConfiguration) -> [PolledRepository: [String]] {
        var result: [PolledRepository: [String]] = [:]
        for (name, component) in config.components {
            guard let repository = component.build.repository else { continue }
            result[PolledRepository(repository: repository, ref: component.build.ref), default: []].append(name)
        }
        return result.mapValues { $0.sorted() }
    }

    // MARK: - One check

    private func check(tool: String, key: PolledRepository) async {
        let backend = core.backend
        let timeout = limits.checkTimeout
        let outcome: Result<String, any Error> = await limiter.withSlot {
            do {
                return .success(try await Self.resolve(key, backend: backend, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
        metrics?.increment("autodeploy_polls", help: "Repository checks of deploy-on-push polling.")
        await finish(tool: tool, key: key, outcome: outcome)
    }

    /// The commit `key` points to, or an error once `timeout` passed (git is killed then:
    /// cancelling the call kills its process group).
    static func resolve(_ key: PolledRepository, backend: any DeploymentBackend, timeout: Duration) async throws -> String {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await backend.resolveCommit(repository: key.repository, ref: key.ref) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let commit = first else {
                throw BackendError("git ls-remote did not answer within \(timeout); the next check backs off")
            }
            return commit
        }
    }

    private func finish(tool: String, key: PolledRepository, outcome: Result<String, any Error>) async {
        tools[tool]?.checking = false
        guard var state = tools[tool]?.repositories[key], let interval = tools[tool]?.interval else { return }
        state.lastCheck = Date()
        switch outcome {
        case .failure(let error):
            metrics?.increment("autodeploy_poll_failures", help: "Repository checks that failed or timed out.")
            state.failures += 1
            state.lastError = String("\(error)".prefix(500))
            state.nextCheck = .now + PollSchedule.delay(interval: interval, failures: state.failures, limits: limits, random: .random(in: 0..<1))
            tools[tool]?.repositories[key] = state
            logger.info("auto-deploy check failed", metadata: ["tool": "\(tool)", "repository": "\(key.repository)", "error": "\(error)"])
        case .success(let commit):
            var baseline = state.lastSeenCommit
            if baseline == nil { baseline = await firstBaseline(tool: tool, key: key, components: state.components) }
            state.failures = 0
            state.lastError = nil
            state.lastSeenCommit = commit
            state.nextCheck = .now + PollSchedule.delay(interval: interval, failures: 0, limits: limits, random: .random(in: 0..<1))
            tools[tool]?.repositories[key] = state
            guard let baseline, baseline != commit else { return }
            let description = Self.description(key, from: baseline, to: commit)
            do {
                _ = try await trigger(tool: tool, description: description, source: "poll")
            } catch {
                // Not seen as deployed: the next check tries again, backing off.
                tools[tool]?.repositories[key]?.lastSeenCommit = baseline
                tools[tool]?.repositories[key]?.failures += 1
                tools[tool]?.repositories[key]?.lastError = String("could not create the deployment: \(error)".prefix(500))
            }
        }
    }

    /// What the first check of `key` (since the executor started) compares the head with:
    /// the commit the running components were deployed at, so a push made while the
    /// executor was down deploys. After a rollback, though, what runs is older than the head
    /// on purpose: then it is the commit the newest deployment before the rollbacks pinned,
    /// so the rollback holds until the next push.
    private func firstBaseline(tool: String, key: PolledRepository, components: [String]) async -> String? {
        let recent = (try? await core.store.list(tool: tool, limit: core.configuration.keepDeployments)) ?? []
        if recent.first?.deployment.rollbackOf != nil,
           let ordinary = recent.first(where: { $0.deployment.rollbackOf == nil }),
           let pinned = ordinary.deployment.pinnedCommits?.first(where: { $0.repository == key.repository && $0.ref == key.ref }) {
            return pinned.commit
        }
        let states = (try? await core.store.componentStates(tool: tool)) ?? []
        return states.first { components.contains($0.component) && $0.repository == key.repository }?.commit
    }

    /// Creates a deployment of `tool` through the deployment queue and remembers it.
    func trigger(tool: String, description: String, source: String) async throws -> Wire.CreateDeploymentResponse {
        let created = try await core.create(Wire.CreateDeploymentRequest(tool: tool, description: description))
        metrics?.increment("autodeploy_deployments", help: "Deployments created by deploy on push, by source.",
                           labels: [("source", source)])
        tools[tool]?.lastDeployID = created.deployment?.deployId
        tools[tool]?.lastTrigger = Date()
        logger.info("auto-deploy created a deployment", metadata: ["tool": "\(tool)", "source": "\(source)", "description": "\(description)"])
        return created
    }

    /// Records that `commit` of `key` is deployed (a webhook did it), so polling does not
    /// deploy it again.
    func rememberSeen(tool: String, key: PolledRepository, commit: String) {
        tools[tool]?.repositories[key]?.lastSeenCommit = commit
    }

    /// "auto-deploy: <repository> <ref> <old7>..<new7>".
    static func description(_ key: PolledRepository, from old: String, to new: String) -> String {
        "auto-deploy: \(key.repository) \(key.ref ?? "HEAD") \(old.prefix(7))..\(new.prefix(7))"
    }

    // MARK: - Status

    /// What `components auto-deploy status` shows.
    public func status(tool: String) async -> Wire.AutoDeployStatusResponse {
        // Turned on since the last refresh: read the config now rather than say "off".
        if tools[tool] == nil, (try? await core.store.tools().contains(tool)) == true { await refresh(tool: tool) }
        guard let state = tools[tool] else { return Wire.AutoDeployStatusResponse() }
        let now = ContinuousClock.now
        return Wire.AutoDeployStatusResponse(
            polling: true, intervalSeconds: UInt32(clamping: state.interval.components.seconds),
            requestedSeconds: UInt32(clamping: state.requestedSeconds),
            repositories: state.repositories.sorted { $0.key < $1.key }.map { $0.value.wire($0.key, now: now) },
            lastDeployId: state.lastDeployID ?? "", lastTriggerMs: state.lastTrigger.map(RepositoryPollState.milliseconds) ?? 0)
    }

    /// Registers the executor methods of deploy on push.
    public nonisolated func register(in router: inout RPCRouter) {
        router.register(ExecutorMethod.autoDeployStatus) { request, _ in await self.status(tool: request.tool) }
        router.register(ExecutorMethod.notifyPush) { request, _ in try await self.notifyPush(request) }
    }
}
