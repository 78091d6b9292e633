import ComponentsTesting
import Foundation
import HTTPClient
import Router
import Synchronization
import Testing

/// Whether Caddy is installed (scripts/install-deps installs it); the tests say so when not.
private let caddyInstalled = ["/usr/bin/caddy", "/usr/local/bin/caddy"].contains { FileManager.default.isExecutableFile(atPath: $0) }

/// `componentsd all` with its router, a real Caddy, on ports chosen at run time: published
/// components answer at their tool's address, a rollout switches without a failed request, a
/// bad rollout never takes traffic, a rollback switches back the same way, and a killed
/// Caddy comes back with every route.
@Suite(.enabled(if: caddyInstalled, "needs Caddy (Debian: caddy)"))
struct RouterEndToEndTests {
    /// A small web app: answers its version on every path but /healthz, which answers 200
    /// unless the version is "broken".
    static let server = #"""
    import http.server, os
    VERSION = open("VERSION").read().strip()
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_GET(self):
            if self.path == "/healthz":
                status, body = (500, b"broken\n") if VERSION == "broken" else (200, b"ok\n")
            else:
                status, body = 200, f"{os.environ['NAME']} {VERSION} {self.path}\n".encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *args):
            pass
    http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
    """#

    private struct Stack {
        let process: ComponentsdProcess
        let base: String
        let router: Int
        let token: String
        let repository: TemporaryGitRepository
        let folder: URL
    }

    private func start(tool: String, extra: [String] = []) async throws -> Stack {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("router-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let state = folder.appendingPathComponent("state").path
        let process = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--router-listen", "127.0.0.1:0", "--state-dir", state,
                        "--log-level", "error", "--default-tool", tool, "--cli-config", folder.appendingPathComponent("cli.yaml").path,
                        "--stop-components-on-exit", "--drain-period", "1", "--startup-timeout", "15"] + extra,
            waitingFor: ["config", "planner", "executor", "gateway", "router"])
        let cli = try String(contentsOf: folder.appendingPathComponent("cli.yaml"), encoding: .utf8)
        let token = try #require(cli.split(separator: "\n").first { $0.hasPrefix("token: ") }).dropFirst("token: ".count)
        let repository = try TemporaryGitRepository(in: folder, name: "web")
        return Stack(process: process, base: "http://\(try #require(process.addresses["gateway"]))",
                     router: try #require(process.addresses["router"]).port, token: String(token), repository: repository, folder: folder)
    }

    private func config(_ stack: Stack, flower: Bool = false) -> String {
        var text = """
        config_version: v0.1
        components:
          api:
            build: {repository: \(stack.repository.url)}
            run: {command: "NAME=api exec python3 server.py", port: 8000, publish: "/", health-check: {type: http, path: /healthz}}
        """
        if flower {
            text += """

              flower:
                build: {reuse-from: api}
                run: {command: "NAME=flower exec python3 server.py", port: 8001, publish: /flower}
            """
        }
        return text
    }

    /// Stores `config` and deploys it; answers the final deployment.
    private func deploy(_ stack: Stack, tool: String, _ config: String) async throws -> [String: Any] {
        let (stored, storedBody) = try await gatewayHTTP(stack.base, "POST", "/v1/tool/\(tool)/config", token: stack.token, body: config)
        #expect(stored == 200, "\(storedBody)")
        let (created, createdBody) = try await gatewayHTTP(stack.base, "POST", "/v1/tool/\(tool)/deployment", token: stack.token, body: "{}")
        #expect(created == 200, "\(createdBody)")
        let id = try #require((createdBody["data"] as? [String: Any])?["deploy_id"] as? String, "\(createdBody)")
        for _ in 0..<480 {
            let shown = try await gatewayHTTP(stack.base, "GET", "/v1/tool/\(tool)/deployment/\(id)", token: stack.token).1["data"] as? [String: Any] ?? [:]
            if ["successful", "failed", "cancelled", "timed_out"].contains(shown["status"] as? String) { return shown }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("deployment \(id) did not finish")
        return [:]
    }

    /// GET `path` on `host` through the router: the status and body, or nil when no answer came.
    private func get(_ stack: Stack, host: String, _ path: String) async -> (status: Int, body: String)? {
        let request = HTTPRequest(url: "http://127.0.0.1:\(stack.router)\(path)", headers: [("Host", host)], timeout: .seconds(10), useProxy: false)
        guard let response = try? await CurlHTTPClient.perform(request) else { return nil }
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test func publishedPathsAnswerAtTheToolsAddressUnknownHostsGet404AndAKilledCaddyComesBack() async throws {
        let tool = "routed"
        let stack = try await start(tool: tool)
        defer { Self.tearDown(stack) }
        try stack.repository.commit(["server.py": Self.server, "VERSION": "v1\n"])
        let shown = try await deploy(stack, tool: tool, config(stack, flower: true))
        #expect(shown["status"] as? String == "successful", "\(shown)")
        // The deployment names each published component's address; the CLI shows them.
        let runs = shown["runs"] as? [String: [String: Any]] ?? [:]
        #expect(runs["api"]?["url"] as? String == "http://\(tool).localhost:\(stack.router)/", "\(runs)")
        #expect(runs["flower"]?["url"] as? String == "http://\(tool).localhost:\(stack.router)/flower", "\(runs)")
        let cli = try await CLIRunner.run(["deployment", "show"], environment: ["COMPONENTS_URL": stack.base, "COMPONENTS_TOKEN": stack.token])
        let shownConfig = try await CLIRunner.run(["config", "show"], environment: ["COMPONENTS_URL": stack.base, "COMPONENTS_TOKEN": stack.token])
        #expect(shownConfig.stdout == config(stack, flower: true), "the document alone on standard output")
        #expect(shownConfig.stderr.contains("flower is published at http://\(tool).localhost:\(stack.router)/flower"), "\(shownConfig.stderr)")
        #expect(cli.stdout.contains("Published at:\n   api: http://\(tool).localhost:\(stack.router)/\n   flower: http://\(tool).localhost:\(stack.router)/flower"), "\(cli.stdout)\(cli.stderr)")

        let host = "\(tool).localhost"
        #expect(await get(stack, host: host, "/")?.body == "api v1 /\n")
        #expect(await get(stack, host: host, "/tools?x=1")?.body == "api v1 /tools?x=1\n")
        // The longer prefix wins, and only on a segment boundary.
        #expect(await get(stack, host: host, "/flower")?.body == "flower v1 /flower\n")
        #expect(await get(stack, host: host, "/flower/tasks")?.body == "flower v1 /flower/tasks\n")
        #expect(await get(stack, host: host, "/flowerpot")?.body == "api v1 /flowerpot\n")
        // A host no tool has: a 404 that names no tool.
        let unknown = await get(stack, host: "nosuchtool.localhost", "/")
        #expect(unknown?.status == 404)
        #expect(unknown?.body == CaddyConfig.notFoundBody)
        #expect(await get(stack, host: "localhost", "/")?.status == 404)

        // /metrics counts the requests per tool and component from Caddy's access log.
        let expected = [#"components_router_requests_total{tool="routed",component="api",class="2xx"} 3"#,
                        #"components_router_requests_total{tool="routed",component="flower",class="2xx"} 2"#,
                        #"components_router_requests_total{tool="",component="",class="4xx"} 2"#,
                        #"components_router_request_duration_seconds_count{tool="routed",component="flower"} 2"#]
        var metrics = ""
        for _ in 0..<50 {
            let request = HTTPRequest(url: "\(stack.base)/metrics", timeout: .seconds(5), useProxy: false)
            metrics = String(decoding: (try? await CurlHTTPClient.perform(request))?.body ?? [], as: UTF8.self)
            if expected.allSatisfy(metrics.contains) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        for line in expected { #expect(metrics.contains(line), "\(line) in:\n\(metrics.split(separator: "\n").filter { $0.hasPrefix("components_router") })") }

        // Caddy killed with SIGKILL: the router starts it again with every route.
        let caddy = try #require(Self.caddyPid(state: stack.folder.appendingPathComponent("state")))
        kill(caddy, SIGKILL)
        let killed = ContinuousClock.now
        var restored: Duration?
        while ContinuousClock.now - killed < .seconds(30) {
            if await get(stack, host: host, "/flower")?.body == "flower v1 /flower\n", Self.caddyPid(state: stack.folder.appendingPathComponent("state")) != caddy {
                restored = ContinuousClock.now - killed
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let after = try #require(restored, "the routes did not come back")
        print("RouterEndToEndTests: every route was back \(after) after Caddy was killed")
        #expect(after < .seconds(5))
        #expect(await get(stack, host: host, "/")?.body == "api v1 /\n")

        // Stopping the stack stops Caddy too.
        #expect(await stack.process.stop(signal: SIGTERM) == 0)
        #expect(Self.caddyPid(state: stack.folder.appendingPathComponent("state")) == nil)
    }

    @Test(.enabled(if: geteuid() == 0, "network namespaces need root"))
    func componentsInNetworkNamespacesAreRoutedAndTheirBridgeGoesWithTheStack() async throws {
        let tool = "netns"
        let prefix = "r" + String(UInt32.random(in: 0x1000..<0xFFFF), radix: 16)
        let range = "10.\(Int.random(in: 200...250)).\(Int.random(in: 0..<64) * 4).0/22"
        let stack = try await start(tool: tool, extra: ["--network", "namespace", "--network-range", range, "--network-link-prefix", prefix])
        let links = { ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { $0.hasPrefix(prefix) } }
        defer {
            Self.tearDown(stack)
            for link in links() {
                let ip = Process()
                ip.executableURL = URL(fileURLWithPath: "/bin/ip")
                ip.arguments = ["link", "delete", link]
                try? ip.run()
                ip.waitUntilExit()
            }
        }
        try stack.repository.commit(["server.py": Self.server, "VERSION": "v1\n"])
        let shown = try await deploy(stack, tool: tool, config(stack, flower: true))
        #expect(shown["status"] as? String == "successful", "\(shown)")
        let host = "\(tool).localhost"
        #expect(await get(stack, host: host, "/")?.body == "api v1 /\n")
        #expect(await get(stack, host: host, "/flower")?.body == "flower v1 /flower\n")
        #expect(links().filter { $0.hasPrefix(prefix + "b") }.count == 1, "one bridge for the tool: \(links())")
        #expect(links().filter { $0.hasPrefix(prefix + "v") }.count == 2, "a veth pair per run: \(links())")
        #expect(await stack.process.stop(signal: SIGTERM) == 0)
        #expect(links().isEmpty, "\(links())")
    }

    @Test func aRolloutAndARollbackSwitchWithoutAFailedRequestAndABadOneNeverTakesTraffic() async throws {
        let tool = "rolling"
        let stack = try await start(tool: tool)
        defer { Self.tearDown(stack) }
        _ = try await offThePool { try stack.repository.commit(["server.py": Self.server, "VERSION": "v1\n"]) }
        let first = try await deploy(stack, tool: tool, config(stack))
        #expect(first["status"] as? String == "successful")
        let firstID = try #require(first["deploy_id"] as? String)
        let host = "\(tool).localhost"

        // A load client on loopback, bounded in time and count, for the whole of the deploys.
        struct Sample { var started: ContinuousClock.Instant; var answer: (status: Int, body: String)? }
        let samples = Mutex<[Sample]>([])
        let stop = Atomic<Bool>(false)
        let load = Task {
            let deadline = ContinuousClock.now + .seconds(150)
            var count = 0
            while !stop.load(ordering: .relaxed), ContinuousClock.now < deadline, count < 30_000 {
                let started = ContinuousClock.now
                let answer = await get(stack, host: host, "/")
                samples.withLock { $0.append(Sample(started: started, answer: answer)) }
                count += 1
            }
        }

        try await Task.sleep(for: .milliseconds(500))
        _ = try await offThePool { try stack.repository.commit(["VERSION": "v2\n"]) }
        let rolled = try await deploy(stack, tool: tool, config(stack))
        #expect(rolled["status"] as? String == "successful", "\(rolled)")
        let switchedBy = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(500))

        // A new version that fails its health check never takes traffic.
        _ = try await offThePool { try stack.repository.commit(["VERSION": "broken\n"]) }
        let bad = try await deploy(stack, tool: tool, config(stack))
        #expect(bad["status"] as? String == "failed", "\(bad)")
        try await Task.sleep(for: .milliseconds(500))

        // Roll back to the first deployment with the CLI: its image serves again, nothing built.
        let rollbackStarted = ContinuousClock.now
        let environment = ["COMPONENTS_URL": stack.base, "COMPONENTS_TOKEN": stack.token]
        let planned = try await CLIRunner.run(["deployment", "rollback", firstID, "--only-plan"], environment: environment)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.hasPrefix("Rollback to \(firstID) (config version "), "\(planned.stdout)")
        let cli = try await CLIRunner.run(["deployment", "rollback", firstID, "--wait"], environment: environment)
        #expect(cli.status == 0, "\(cli.stdout)\(cli.stderr)")
        #expect(cli.stdout.contains("Rollback to \(firstID): its config version"), "\(cli.stdout)")
        #expect(cli.stdout.contains("Reusing existing build"), "\(cli.stdout)")
        #expect(cli.stdout.contains("Published at:\n   api: http://\(tool).localhost:\(stack.router)/"), "\(cli.stdout)")
        let rolledBackBy = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(500))
        stop.store(true, ordering: .relaxed)
        await load.value

        let all = samples.withLock { $0 }
        let failures = all.filter { $0.answer?.status != 200 }
        let bodies = Set(all.compactMap { $0.answer?.body })
        print("RouterEndToEndTests: \(all.count) requests through two deploys and a rollback, \(failures.count) failed")
        #expect(all.count > 50)
        #expect(failures.count == 0, "\(failures.prefix(5).map { $0.answer.map { "\($0.status) \($0.body)" } ?? "no answer" })")
        #expect(bodies.isSubset(of: ["api v1 /\n", "api v2 /\n"]), "\(bodies)")
        // Once the rollout is done, every request is answered by the new version until the
        // rollback starts; once the rollback is done, by the first version again.
        let afterRollout = all.filter { $0.started > switchedBy && $0.started < rollbackStarted }
        #expect(!afterRollout.isEmpty && afterRollout.allSatisfy { $0.answer?.body == "api v2 /\n" })
        let afterRollback = all.filter { $0.started > rolledBackBy }
        #expect(!afterRollback.isEmpty && afterRollback.allSatisfy { $0.answer?.body == "api v1 /\n" })

        // The rollback says what it is in the API; a rollback to the failed deployment is refused.
        let latest = try await gatewayHTTP(stack.base, "GET", "/v1/tool/\(tool)/deployment/latest", token: stack.token).1["data"] as? [String: Any] ?? [:]
        #expect(latest["rollback_of"] as? String == firstID, "\(latest)")
        #expect((latest["builds"] as? [String: [String: Any]])?["api"]?["build_status"] as? String == "skipped", "\(latest)")
        let badID = try #require(bad["deploy_id"] as? String)
        let (refused, refusedBody) = try await gatewayHTTP(stack.base, "POST", "/v1/tool/\(tool)/deployment/\(badID)/rollback", token: stack.token, body: "{}")
        #expect(refused == 409, "\(refusedBody)")
        #expect(await stack.process.stop(signal: SIGTERM) == 0)
        #expect(Self.caddyPid(state: stack.folder.appendingPathComponent("state")) == nil)
    }

    /// Kills the stack, its Caddy and its components, for a test that ended early (a test that
    /// ends normally stops the stack with SIGTERM, which stops them all).
    private static func tearDown(_ stack: Stack) {
        stack.process.kill()
        if let caddy = caddyPid(state: stack.folder.appendingPathComponent("state")) { kill(caddy, SIGKILL) }
        let procs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in procs {
            // A component's sandbox names its image in the stack's folder, and leads its group.
            guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                  String(decoding: data, as: UTF8.self).contains(stack.folder.path) else { continue }
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(at: stack.folder)
    }

    /// The pid of the Caddy of the stack with `state`, nil when none runs.
    static func caddyPid(state: URL) -> pid_t? {
        let config = state.appendingPathComponent("router/caddy.json").path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.first?.hasSuffix("caddy") == true, arguments.contains(config) { return pid }
        }
        return nil
    }
}
