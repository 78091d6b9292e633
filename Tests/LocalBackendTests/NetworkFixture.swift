import Foundation
import Logging
import Testing
import ToolConfig

@testable import ExecutorService
@testable import LocalBackend

#if canImport(Glibc)
import Glibc
#endif

/// Whether this machine can run the namespace tests: root, bubblewrap and iproute2.
let namespacesAvailable = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: Sandbox.defaultBubblewrapPath)
    && FileManager.default.isExecutableFile(atPath: IPBatch.ip)

/// A local backend in namespace mode on a range and link prefix of its own (tests run side
/// by side), with one image per tool holding a small web server and a connection prober.
/// Every link it made must be gone at the end; leftovers are deleted and fail the test.
struct NetworkFixture {
    /// Answers `NAME VERSION PATH` on every path, and 200 on /healthz; listens on all addresses.
    static let server = #"""
    import http.server, os, sys
    print("server PORT=" + os.environ["PORT"], flush=True)
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = f"{os.environ.get('NAME', '?')} {os.environ.get('VERSION', '?')} {self.path}\n".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *args):
            pass
    http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
    """#

    /// `probe.py open|closed HOST:PORT...`: exits 0 when every target is as expected (a name
    /// that does not resolve counts as closed), else 1, saying which.
    static let prober = #"""
    import socket, sys
    want, failures = sys.argv[1], []
    for target in sys.argv[2:]:
        host, port = target.rsplit(":", 1)
        try:
            socket.create_connection((host, int(port)), timeout=2).close()
            state = "open"
        except OSError as error:
            state = "closed"
            print(f"{target}: {error}", flush=True)
        if state != want:
            failures.append(f"{target} is {state}")
    print("; ".join(failures) or "as expected", flush=True)
    sys.exit(1 if failures else 0)
    """#

    let root: URL
    let backend: LocalBackend
    let networks: ToolNetworks
    let routes: RouteTable
    let images: [String: BuiltImage]
    let linkPrefix: String

    /// A fresh link prefix and range (a /22: four tools) for one test.
    static func unique() -> (prefix: String, range: IPv4Subnet) {
        let prefix = "t" + String(UInt32.random(in: 0..<0xFFFF), radix: 16).leftPadded(to: 4)
        let range = IPv4Subnet("10.\(Int.random(in: 100...199)).\(Int.random(in: 0..<64) * 4).0/22")!
        return (prefix, range)
    }

    static func with(tools: [String] = ["alpha", "beta"], _ body: (NetworkFixture) async throws -> Void) async throws {
        try await withTemporaryDirectory { root in
            let (prefix, range) = unique()
            let state = root.appendingPathComponent("executor")
            let routes = RouteTable()
            let networks = ToolNetworks(range: range, linkPrefix: prefix, directory: state.appendingPathComponent("network"), logger: testLogger)
            let backend = LocalBackend(stateDirectory: state, allowLocalRepositories: true, startupTimeout: .seconds(20), sandbox: .bubblewrap(),
                                       routes: routes, drainPeriod: .zero, networks: networks, logger: testLogger)
            defer { Self.expectNoLinks(prefix) }
            do {
                let repository = try await GitTestRepository.create(at: root.appendingPathComponent("repo"),
                                                                    files: ["server.py": server, "probe.py": prober])
                let commit = try await repository.head()
                var images: [String: BuiltImage] = [:]
                for tool in tools {
                    images[tool] = try await backend.build(BuildJob(repository: repository.url, commit: commit, path: nil, command: nil,
                                                                    logFile: root.appendingPathComponent("\(tool)-build.log"), tool: tool))
                }
                try await body(NetworkFixture(root: root, backend: backend, networks: networks, routes: routes, images: images, linkPrefix: prefix))
            } catch {
                await backend.shutdown(stopProcesses: true)
                throw error
            }
            await backend.shutdown(stopProcesses: true)
        }
    }

    /// The links whose names start with `prefix`.
    static func links(_ prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Fails when a link of `prefix` is left, and deletes it. The kernel removes a veth pair
    /// when its namespace's last process is gone, in the background: it is given a few seconds.
    static func expectNoLinks(_ prefix: String) {
        let deadline = ContinuousClock.now + .seconds(10)
        while !links(prefix).isEmpty, ContinuousClock.now < deadline {
            usleep(50_000)
        }
        let left = links(prefix)
        #expect(left.isEmpty, "links left behind: \(left)")
        for link in left {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: IPBatch.ip)
            process.arguments = ["link", "delete", link]
            try? process.run()
            process.waitUntilExit()
        }
    }

    /// Starts `component` of `tool` as a continuous run of the server on `port`.
    func serve(_ tool: String, _ component: String, port: Int = 5000, version: String = "v1", publish: Bool = false,
               replacing: [ComponentStateRecord.LiveProcess] = []) async throws -> RunOutcome {
        var run = RunSpec(command: "NAME=\(component) VERSION=\(version) exec python3 server.py")
        run.port = port
        run.healthCheck = .http(path: "/healthz")
        run.publish = publish ? true : nil
        return try await backend.run(RunJob(tool: tool, component: component, type: .continuous, image: images[tool]!, run: run, env: [:],
                                            logFile: log(tool, component), replacing: replacing))
    }

    /// Runs the prober as a one-off of `tool`: true when every target was `open` (or `closed`).
    func probe(from tool: String, _ want: String, _ targets: [String], env: [String: String] = [:]) async throws -> Bool {
        let run = RunSpec(command: "exec python3 probe.py \(want) \(targets.joined(separator: " "))")
        do {
            _ = try await backend.run(RunJob(tool: tool, component: "probe", type: .oneOff, image: images[tool]!, run: run, env: env,
                                             logFile: log(tool, "probe"), replacing: []))
            return true
        } catch {
            return false
        }
    }

    func log(_ tool: String, _ component: String) -> URL {
        root.appendingPathComponent("\(tool)-\(component).log")
    }

    /// The address `tool`'s hosts file gives `component`.
    func hostsAddress(_ tool: String, _ component: String) -> String? {
        let text = (try? String(contentsOf: networks.hostsFile(of: tool), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            if fields.count == 2, fields[1] == component { return fields[0] }
        }
        return nil
    }
}

private extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
