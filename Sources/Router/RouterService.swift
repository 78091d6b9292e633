import ExecutorService
import Foundation
import LocalBackend
import Logging
import Protocol
import ServiceLifecycle
import Synchronization

/// `componentsd router`: runs Caddy and keeps its config equal to the executor's routes.
///
/// Every ``RouterSettings/pollInterval`` it asks the executor for the routes, reporting the
/// generation it has in place; when they changed it writes the new config where Caddy starts
/// from and pushes it through the admin API. Caddy runs under a ``Supervisor``, which starts
/// it again when it dies; it then reads the newest config from its file, so every route is back
/// as soon as it listens.
public final class RouterService: Service, Sendable {
    /// Where it listens and what it serves.
    public let settings: RouterSettings
    private let executor: RPCClient
    private let supervisor: Supervisor
    private let logger: Logger
    /// The Caddy process that runs, so a router killed with SIGKILL does not leave it holding
    /// the public port: the next start ends it first.
    private let ledger: ProcessLedger
    private static let runID = "caddy"
    /// Requests per tool and component, from Caddy's access log; its metrics are the router's.
    public let traffic: RouterTraffic
    private let accessLog = Mutex<AccessLogListener?>(nil)

    /// A router fed by `executor`.
    public init(settings: RouterSettings, executor: RPCClient, logger: Logger) {
        self.settings = settings
        self.executor = executor
        self.logger = logger
        supervisor = Supervisor(backoff: SupervisorBackoff(initial: .milliseconds(200), maximum: .seconds(5), stableAfter: .seconds(10)),
                                stopGracePeriod: .seconds(5), logger: logger)
        ledger = ProcessLedger(directory: settings.directory.appendingPathComponent("processes", isDirectory: true))
        traffic = RouterTraffic(baseDomain: settings.baseDomain)
    }

    private var caddyLog: LogFile { LogFile(url: settings.directory.appendingPathComponent("caddy.log")) }

    /// Starts Caddy with no routes (every address answers 404) and waits until it listens.
    public func start() async throws {
        let files = FileManager.default
        try files.createDirectory(at: settings.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: settings.directory.path)
        let leftovers = await ledger.endLeftovers(logger: logger)
        if !leftovers.isEmpty { logger.info("ended the Caddy an earlier router left running", metadata: ["processes": "\(leftovers)"]) }
        if settings.requestMetrics {
            // Listening before Caddy starts: Caddy refuses a config whose log writer cannot connect.
            let traffic = self.traffic
            let listener = try AccessLogListener(socket: settings.accessLogSocket) { lines in
                traffic.record(lines.compactMap(AccessLogEntry.init(line:)))
            }
            accessLog.withLock { $0 = listener }
        }
        try write(CaddyConfig.data(routes: [], settings: settings, adminSocket: settings.adminSockets[0]))
        let sockets = settings.adminSockets.map { Self.quoted($0.path) }.joined(separator: " ")
        let command = SupervisedCommand(
            command: "rm -f \(sockets); exec \(Self.quoted(settings.caddy)) run --config \(Self.quoted(settings.configFile.path))",
            directory: settings.directory,
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                          "HOME": settings.directory.path,
                          "XDG_CONFIG_HOME": settings.directory.appendingPathComponent("config").path,
                          "XDG_DATA_HOME": settings.directory.appendingPathComponent("data").path],
            log: caddyLog, sandbox: .none)
        let started = try await supervisor.startContinuous(id: Self.runID, command: command, port: nil)
        record(nil, started.first.flatMap(Self.recorded))
        let deadline = ContinuousClock.now + .seconds(30)
        while (try? await CaddyAdmin(socket: settings.adminSockets[0]).metrics()) == nil {
            guard ContinuousClock.now < deadline else {
                await supervisor.stopAll()
                accessLog.withLock { $0?.close() }
                throw RouterError("Caddy did not start within 30 s; its last log lines:\n\(caddyLog.tail(lines: 10).joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        logger.info("router listening", metadata: ["address": "\(settings.https ? "[::]:443" : "\(settings.listen)")", "base_domain": "\(settings.baseDomain)"])
    }

    /// Follows the executor's routes until graceful shutdown, then stops Caddy.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await follow()
        } onGracefulShutdown: {}
        let last = await currentCaddy()
        await supervisor.stopAll()
        record(last, nil)
        accessLog.withLock { $0?.close() }
    }

    private func follow() async {
        var applied: UInt64 = 0
        var caddy = await currentCaddy()
        var lastError: String?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let answer = try await executor.call(RoutesMethod.getRoutes, Wire.GetRoutesRequest(appliedGeneration: applied))
                let now = await currentCaddy()
                if now != caddy { record(caddy, now) }
                if answer.generation != applied || now != caddy {
                    caddy = now
                    let started = ContinuousClock.now
                    try await apply(answer.routes)
                    traffic.update(answer.routes)
                    applied = answer.generation
                    let took = ContinuousClock.now - started
                    logger.info("routes applied", metadata: ["generation": "\(applied)", "routes": "\(answer.routes.count)",
                                                             "load_ms": "\(Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000)"])
                }
                if lastError != nil { logger.info("the router is in step with the executor again") }
                lastError = nil
            } catch {
                let message = "\(error)"
                if message != lastError { logger.warning("cannot bring the routes up to date; retrying", metadata: ["error": "\(message)"]) }
                lastError = message
            }
            try? await Task.sleep(for: settings.pollInterval)
        }
    }

    /// Pushes `routes` to the running Caddy through the admin socket that exists, naming the
    /// other one in the new config (see ``RouterSettings/adminSockets``). The file is written
    /// first, so a Caddy that restarts at any moment comes up with these routes.
    private func apply(_ routes: [Wire.PublishedRoute]) async throws {
        guard let live = settings.adminSockets.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw RouterError("Caddy's admin socket is not there yet; Caddy is starting")
        }
        let next = settings.adminSockets.first { $0 != live } ?? live
        let config = try CaddyConfig.data(routes: routes, settings: settings, adminSocket: next)
        try write(config)
        try await CaddyAdmin(socket: live).load(config)
    }

    private func currentCaddy() async -> RecordedProcess? {
        await supervisor.replicas(of: Self.runID)?.first.flatMap(Self.recorded)
    }

    private static func recorded(_ replica: SupervisedReplica) -> RecordedProcess? {
        guard let pid = replica.pid, let startTime = replica.startTime else { return nil }
        return RecordedProcess(pid: pid, startTime: startTime)
    }

    /// Moves the ledger from the Caddy that ran to the one that runs now.
    private func record(_ old: RecordedProcess?, _ new: RecordedProcess?) {
        old.map(ledger.ended)
        guard let new else { return }
        do { try ledger.started(new, what: "Caddy of the router") } catch {
            logger.warning("Caddy runs unrecorded; a router killed now would leave it running", metadata: ["error": "\(error)"])
        }
    }

    /// Writes the config Caddy (re)starts from, atomically and readable by the router only.
    private func write(_ config: Data) throws {
        try config.write(to: settings.configFile, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: settings.configFile.path)
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
