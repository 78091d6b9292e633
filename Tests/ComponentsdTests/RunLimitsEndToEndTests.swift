import ComponentsTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalBackend
import Testing

/// Whether this host has a cgroup hierarchy the executor can write to; the reason is printed
/// when it has none and the tests below are skipped.
private let hostHasCgroups: Bool = {
    if case .failure(let unavailable) = CgroupHierarchy.detect() {
        print("RunLimitsEndToEndTests skipped: no writable cgroup hierarchy on this host: \(unavailable.reason)")
        return false
    }
    return true
}()

/// `componentsd all` with the operator's limits: a config above a maximum is refused with its
/// path, line and the maximum, and a memory hog is OOM-killed and reported with its limit
/// while the executor goes on.
@Suite(.enabled(if: hostHasCgroups, "needs a writable cgroup hierarchy (v1 or v2)"))
struct RunLimitsEndToEndTests {
    private func http(_ base: String, _ method: String, _ path: String, token: String, body: String? = nil) async throws -> (Int, [String: Any]) {
        try await gatewayHTTP(base, method, path, token: token, body: body)
    }

    @Test func memoryOverTheMaximumIsRefusedAndAMemoryHogIsReportedOutOfMemory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let process = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", state, "--log-level", "error",
                        "--default-tool", "limited", "--cli-config", folder.appendingPathComponent("cli.yaml").path, "--stop-components-on-exit",
                        "--max-memory", "256Mi", "--default-memory", "64Mi", "--max-pids", "64"],
            waitingFor: ["config", "planner", "executor", "gateway"])
        defer { process.kill() }
        let base = "http://\(try #require(process.addresses["gateway"]))"
        let tool = "mallory-\(UUID().uuidString.prefix(6).lowercased())"
        let token = try await ComponentsdProcess.runOnce(["tool", "create", tool, "--state-dir", state]).trimmingCharacters(in: .whitespacesAndNewlines)
        let repository = try TemporaryGitRepository(in: folder, name: "repo")
        _ = try repository.commit(["README": "hello\n"])

        let greedy = """
        config_version: v0.1
        components:
          hog:
            component_type: one-off
            build: {repository: \(repository.url)}
            run:
              command: "true"
              memory: 1Gi
        """
        let (refused, body) = try await http(base, "POST", "/v1/tool/\(tool)/config", token: token, body: greedy)
        #expect(refused == 400, "\(body)")
        let violation = try #require((body["violations"] as? [[String: Any]])?.first, "\(body)")
        #expect(violation["path"] as? String == "components.hog.run.memory")
        #expect(violation["line"] as? Int == 8)
        #expect((violation["message"] as? String)?.contains("maximum of 256Mi") == true, "\(violation)")

        let hog = greedy.replacingOccurrences(of: "memory: 1Gi", with: "memory: 32Mi")
            .replacingOccurrences(of: "command: \"true\"", with: #"command: 'x=0123456789abcdef; while :; do x="$x$x"; done'"#)
        let (stored, storedBody) = try await http(base, "POST", "/v1/tool/\(tool)/config", token: token, body: hog)
        #expect(stored == 200, "\(storedBody)")
        let (created, createdBody) = try await http(base, "POST", "/v1/tool/\(tool)/deployment", token: token, body: "{}")
        #expect(created == 200, "\(createdBody)")
        let deployID = try #require((createdBody["data"] as? [String: Any])?["deploy_id"] as? String)
        var shown: [String: Any] = [:]
        for _ in 0..<240 {
            shown = try await http(base, "GET", "/v1/tool/\(tool)/deployment/\(deployID)", token: token).1["data"] as? [String: Any] ?? [:]
            if ["successful", "failed", "cancelled", "timed_out"].contains(shown["status"] as? String) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(shown["status"] as? String == "failed", "\(shown)")
        let run = (shown["runs"] as? [String: Any])?["hog"] as? [String: Any]
        #expect(run?["run_status"] as? String == "failed")
        let reason = run?["run_long_status"] as? String ?? ""
        #expect(reason.hasPrefix("out of memory (limit 32Mi)"), "\(reason)")

        // The executor is unaffected: it still answers and runs the next deployment.
        let (health, _) = try await http(base, "GET", "/v1/healthz", token: token)
        #expect(health == 200)
        #expect(await process.stop(signal: SIGTERM) == 0)
        removeGroup(tool)
    }

    @Test func eachRunningComponentsResourceUseIsInMetricsAndTheDeployment() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("usage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let process = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", state, "--log-level", "error",
                        "--default-tool", "limited", "--cli-config", folder.appendingPathComponent("cli.yaml").path, "--stop-components-on-exit",
                        "--usage-interval", "1"],
            waitingFor: ["config", "planner", "executor", "gateway"])
        defer { process.kill() }
        let base = "http://\(try #require(process.addresses["gateway"]))"
        let tool = "used-\(UUID().uuidString.prefix(6).lowercased())"
        let token = try await ComponentsdProcess.runOnce(["tool", "create", tool, "--state-dir", state]).trimmingCharacters(in: .whitespacesAndNewlines)
        let repository = try TemporaryGitRepository(in: folder, name: "repo")
        // Holds 4 MB in a shell variable while it runs.
        _ = try repository.commit(["Procfile": #"web: x=$(head -c 4000000 /dev/zero | tr '\0' a); while :; do sleep 1; done"# + "\n"])
        let config = """
        config_version: v0.1
        components:
          web:
            component_type: continuous
            build: {repository: \(repository.url)}
            run: {command: web, memory: 64Mi}
        """
        #expect(try await http(base, "POST", "/v1/tool/\(tool)/config", token: token, body: config).0 == 200)
        let (created, createdBody) = try await http(base, "POST", "/v1/tool/\(tool)/deployment", token: token, body: "{}")
        #expect(created == 200, "\(createdBody)")

        let labels = #"{tool="\#(tool)",component="web"}"#
        var memory: Double?
        var text = ""
        for _ in 0..<120 where (memory ?? 0) < 4_000_000 {
            let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: base + "/metrics")))
            text = String(decoding: data, as: UTF8.self)
            memory = text.split(separator: "\n").first { $0.hasPrefix("components_executor_component_memory_bytes" + labels) }
                .flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect((memory ?? 0) >= 4_000_000, "\(text.split(separator: "\n").filter { $0.contains("component_") })")
        #expect(text.contains("components_executor_component_cpu_seconds" + labels))
        #expect(text.contains("components_executor_component_oom_kills" + labels + " 0"))

        // The deployment shows the same reading for its running component, in the API and the CLI.
        let shown = try await http(base, "GET", "/v1/tool/\(tool)/deployment/latest", token: token).1
        let resources = (((shown["data"] as? [String: Any])?["runs"] as? [String: Any])?["web"] as? [String: Any])?["resources"] as? [String: Any]
        #expect((resources?["memory_bytes"] as? Int ?? 0) >= 4_000_000, "\(shown)")
        #expect(resources?["cpu_seconds"] as? Double != nil && resources?["oom_kills"] as? Int == 0, "\(shown)")
        let cli = try await CLIRunner.run(["deployment", "show"], environment: ["COMPONENTS_URL": base, "COMPONENTS_TOKEN": token])
        #expect(cli.stdout.contains("memory "), "\(cli.stdout)")
        #expect(await process.stop(signal: SIGTERM) == 0)
        removeGroup(tool)
    }

    /// Removes the tool's cgroup folders, which its stopped runs left empty.
    private func removeGroup(_ tool: String) {
        guard case .success(let hierarchy) = CgroupHierarchy.detect() else { return }
        for root in Set(hierarchy.roots.values) {
            #expect(rmdir("\(root)/\(tool)") == 0, "a run cgroup of \(tool) was left under \(root)")
        }
    }

    @Test func aDefaultAboveTheMaximumIsRefusedAtStart() async throws {
        let error = await #expect(throws: ProcessError.self) {
            try await ComponentsdProcess.runOnce(["all", "--max-memory", "256Mi", "--default-memory", "512Mi", "--state-dir", "/nonexistent/never-created"])
        }
        #expect(error?.message.contains("--default-memory 512Mi is over --max-memory 256Mi") == true, "\(String(describing: error))")
    }
}
