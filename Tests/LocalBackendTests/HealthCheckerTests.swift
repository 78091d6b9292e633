import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

@Suite struct HealthCheckerTests {
    /// A tiny HTTP server: 200 on /healthz, 500 on /broken, 302 on /moved, 404 elsewhere.
    private static let server = """
    import http.server, os
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            codes = {"/healthz": 200, "/broken": 500, "/moved": 302}
            self.send_response(codes.get(self.path, 404))
            if self.path == "/moved":
                self.send_header("Location", "/healthz")
            self.end_headers()
            self.wfile.write(b"ok")
        def log_message(self, *args):
            pass
    http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
    """

    @Test func tcpAndHTTPChecksAgainstARealServer() async throws {
        try await withTemporaryDirectory { root in
            try Self.server.write(to: root.appendingPathComponent("server.py"), atomically: true, encoding: .utf8)
            let port = try LoopbackPort.free()
            #expect(await HealthChecker.check(.tcp(port: port))?.contains("refused") == true)
            #expect(await HealthChecker.check(.http(port: port, path: "/healthz")) != nil)

            let supervisor = Supervisor(logger: testLogger)
            let replicas = try await supervisor.startContinuous(
                id: "http", command: SupervisedCommand(command: "exec python3 server.py", directory: root,
                                                       log: LogFile(url: root.appendingPathComponent("server.log"))),
                port: port)
            let pid = try #require(replicas.first?.pid)
            let tcp = await HealthChecker.waitUntilHealthy(.tcp(port: port), timeout: .seconds(15))
            #expect(tcp.healthy, "\(tcp.summary)")

            let ok = await HealthChecker.waitUntilHealthy(.http(port: port, path: "/healthz"), timeout: .seconds(5))
            #expect(ok.healthy, "\(ok.summary)")
            #expect(await HealthChecker.check(.http(port: port, path: "moved")) == nil)
            #expect(await HealthChecker.check(.http(port: port, path: "/missing"))?.contains("HTTP 404") == true)

            let broken = await HealthChecker.waitUntilHealthy(.http(port: port, path: "/broken"), timeout: .seconds(3),
                                                              stillRunning: { LinuxProcessInfo.startTime(of: pid) != nil })
            #expect(!broken.healthy)
            #expect(broken.attempts >= 2)
            #expect(broken.lastFailure?.contains("HTTP 500") == true)
            #expect(broken.summary.contains("HTTP 500"))
            await supervisor.stop(id: "http")
        }
    }

    @Test func scriptCheckFollowsTheExitCode() async throws {
        try await withTemporaryDirectory { root in
            let command = SupervisedCommand(command: "test -f ready || { echo 'not ready yet'; exit 1; }", directory: root,
                                            environment: [:], log: LogFile(url: root.appendingPathComponent("health.log")))
            // A long attempt timeout: on a loaded machine a shell can take seconds to start, and
            // this check is about the exit code, not the timeout.
            let failure = await HealthChecker.check(.script(command), attemptTimeout: .seconds(30))
            #expect(failure?.contains("exit code 1") == true, "\(failure ?? "healthy")")
            #expect(failure?.contains("not ready yet") == true)

            Task {
                try await Task.sleep(for: .milliseconds(300))
                _ = FileManager.default.createFile(atPath: root.appendingPathComponent("ready").path, contents: nil)
            }
            let result = await HealthChecker.waitUntilHealthy(.script(command), timeout: .seconds(10))
            #expect(result.healthy)
            #expect(result.attempts > 1)
        }
    }

    @Test func waitingStopsWhenTheProcessDied() async throws {
        let port = try LoopbackPort.free()
        let started = ContinuousClock.now
        let result = await HealthChecker.waitUntilHealthy(.tcp(port: port), timeout: .seconds(120), stillRunning: { false })
        #expect(!result.healthy)
        #expect(result.lastFailure?.contains("exited") == true)
        // Far from the 120 s timeout (a generous bound: the suite shares 2 loaded cores).
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func freePortsHaveNothingListening() async throws {
        let port = try LoopbackPort.free()
        #expect((1024...65_535).contains(port))
        #expect(await HealthChecker.check(.tcp(port: port)) != nil)
    }
}
