import ComponentsTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Protocol
import Testing

/// The four services as separate processes on free loopback ports, driven through the CLI
/// and HTTP as a user and a CI webhook would.
@Suite(.serialized) struct EndToEndTests {
    struct Stack {
        let folder: URL
        let config: ComponentsdProcess
        let planner: ComponentsdProcess
        let executor: ComponentsdProcess
        let gateway: ComponentsdProcess
        let url: String

        /// Starts the four services; `configFlags` go to the config service.
        static func start(configFlags: [String] = []) async throws -> Stack {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let state = folder.appendingPathComponent("state").path
            let config = try await ComponentsdProcess(arguments: ["config", "--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories", "--log-level", "warning"]
                                                        + configFlags, waitingFor: ["config"])
            let planner = try await ComponentsdProcess(arguments: ["planner", "--listen", "127.0.0.1:0", "--state-dir", state, "--log-level", "warning"], waitingFor: ["planner"])
            let c = config.addresses["config"]!, p = planner.addresses["planner"]!
            let executor = try await ComponentsdProcess(arguments: ["executor", "--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories",
                                                                    "--config-service", "\(c)", "--planner-service", "\(p)", "--stop-components-on-exit", "--log-level", "warning"],
                                                        waitingFor: ["executor"])
            let e = executor.addresses["executor"]!
            let gateway = try await ComponentsdProcess(arguments: ["gateway", "--listen", "127.0.0.1:0", "--state-dir", state, "--config-service", "\(c)", "--planner-service", "\(p)",
                                                                   "--executor-service", "\(e)", "--log-level", "warning"], waitingFor: ["gateway"])
            return Stack(folder: folder, config: config, planner: planner, executor: executor, gateway: gateway, url: "http://\(gateway.addresses["gateway"]!)")
        }

        func stop() async {
            for process in [gateway, executor, planner, config] { await process.stop() }
            try? FileManager.default.removeItem(at: folder)
        }

        /// `componentsd tool create NAME` on the config service's state.
        func createTool(_ name: String) async throws -> String {
            let created = try await ComponentsdProcess.runOnce(["tool", "create", name, "--state-dir", folder.appendingPathComponent("state").path])
            return created.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func cli(_ arguments: [String], token: String) async throws -> CLIRunner.Result {
            try await CLIRunner.run(arguments, environment: ["COMPONENTS_URL": url, "COMPONENTS_TOKEN": token])
        }

        func http(_ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> (Int, [String: Any]) {
            try await gatewayHTTP(url, method, path, token: token, body: body)
        }
    }

    @Test func wholeFlowThroughTheCLIAndHTTP() async throws {
        let stack = try await Stack.start()
        do {
            try await flow(stack)
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    private func flow(_ stack: Stack) async throws {
        let token = try await stack.createTool("toolhunt")
        #expect(token.hasPrefix("ctt_toolhunt_"))
        let otherToken = try await stack.createTool("other")
        let configPath = try await ToolhuntExample.make(in: stack.folder.appendingPathComponent("repos")).path

        // Config with a misspelled field: stored, with a warning naming it.
        let original = try String(contentsOfFile: configPath, encoding: .utf8)
        let withTypo = original.replacingOccurrences(of: "      port: 5555\n", with: "      port: 5555\n      prot: tcp\n")
        let typoFile = stack.folder.appendingPathComponent("typo.yaml")
        try withTypo.write(to: typoFile, atomically: true, encoding: .utf8)
        let created = try await stack.cli(["config", "create", typoFile.path], token: token)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("prot"))
        #expect(created.stderr.contains("port"))

        // Config errors come back with their lines; nothing is stored.
        let broken = stack.folder.appendingPathComponent("broken.yaml")
        try original.replacingOccurrences(of: "port: 5000", with: "port: 70000").write(to: broken, atomically: true, encoding: .utf8)
        let refused = try await stack.cli(["config", "create", broken.path], token: token)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("components.toolhunt-api.run.port"))
        let (status400, body400) = try await stack.http("POST", "/v1/tool/toolhunt/config", token: token, body: try String(contentsOf: broken, encoding: .utf8))
        #expect(status400 == 400)
        #expect((body400["violations"] as? [[String: Any]])?.first?["line"] as? Int != nil)

        // Only a plan, then a real deployment followed live.
        let plan = try await stack.cli(["deployment", "create", "--only-plan"], token: token)
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("toolhunt-api (waiting for toolhunt-migratedb)"))
        let deployed = try await stack.cli(["deployment", "create", "--wait"], token: token)
        #expect(deployed.status == 0, "\(deployed.stdout)\n\(deployed.stderr)")
        #expect(deployed.stdout.contains("All components deployed"))

        let show = try await stack.cli(["deployment", "show", "--json"], token: token)
        // --json prints the whole envelope, as upstream's CLI does (`.data.deploy_id`).
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(envelope["messages"] is [String: Any])
        let shown = try #require(envelope["data"] as? [String: Any])
        #expect(shown["status"] as? String == "successful")
        // The executor did what the plan said, and says so.
        let fidelity = shown["plan_fidelity"] as? [String: Any]
        #expect(fidelity?["ok"] as? Bool == true)
        #expect((fidelity?["violations"] as? [Any])?.isEmpty == true)
        for field in ["deploy_id", "creation_time", "long_status", "builds", "runs", "force_build", "force_run"] {
            #expect(shown[field] != nil, "missing \(field)")
        }
        let logs = try await stack.cli(["deployment", "logs", "--component", "toolhunt-migratedb"], token: token)
        #expect(logs.stdout.contains("schema at version 3"))
        let list = try await stack.cli(["deployment", "list"], token: token)
        #expect(list.stdout.split(separator: "\n").count == 1)

        // Redeploying unchanged skips everything.
        let again = try await stack.cli(["deployment", "create", "--wait", "--json"], token: token)
        #expect(again.status == 0)
        let againJSON = try #require((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["data"] as? [String: Any])
        let runs = try #require(againJSON["runs"] as? [String: [String: Any]])
        #expect(runs.values.allSatisfy { $0["run_status"] as? String == "skipped" })

        // A CI webhook with the deploy token in the query.
        let deployToken = try await stack.cli(["deploy-token", "create"], token: token).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deployToken.hasPrefix("cdt_toolhunt_"))
        let (hook, hookBody) = try await stack.http("POST", "/v1/tool/toolhunt/deployment?token=\(deployToken)", body: "{\"only_plan\": true}")
        #expect(hook == 200, "\(hookBody)")
        let (configWithDeployToken, _) = try await stack.http("GET", "/v1/tool/toolhunt/config?token=\(deployToken)")
        #expect(configWithDeployToken == 403)

        // The stored config, and what a file would change.
        let shownConfig = try await stack.cli(["config", "show"], token: token)
        #expect(shownConfig.stdout.contains("prot: tcp"))
        // The misspelled field was only a warning: the original means the same.
        let same = try await stack.cli(["config", "diff", configPath], token: token)
        #expect(same.status == 0 && same.stdout.contains("no difference"))
        let changedFile = stack.folder.appendingPathComponent("changed.yaml")
        try original.replacingOccurrences(of: "port: 5555", with: "port: 5556").write(to: changedFile, atomically: true, encoding: .utf8)
        let diff = try await stack.cli(["config", "diff", changedFile.path], token: token)
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("~ toolhunt-flower: changed run"))

        // The deploy token: shown as existing, refreshed (the old one stops working).
        let tokenShown = try await stack.cli(["deploy-token", "show"], token: token)
        #expect(tokenShown.status == 0 && tokenShown.stdout.contains("cannot be shown again"))
        // Without --yes-im-sure and without a terminal to ask on, nothing is refreshed.
        let unconfirmed = try await stack.cli(["deploy-token", "refresh"], token: token)
        #expect(unconfirmed.status == 1 && unconfirmed.stderr.contains("--yes-im-sure"), "\(unconfirmed.stderr)")
        #expect(try await stack.http("POST", "/v1/tool/toolhunt/deployment?token=\(deployToken)", body: "{\"only_plan\": true}").0 == 200)
        let refreshed = try await stack.cli(["deploy-token", "refresh", "--yes-im-sure"], token: token).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(refreshed.hasPrefix("cdt_toolhunt_") && refreshed != deployToken)
        #expect(try await stack.http("POST", "/v1/tool/toolhunt/deployment?token=\(deployToken)", body: "{\"only_plan\": true}").0 == 401)
        #expect(try await stack.cli(["deploy-token", "delete", "--yes-im-sure"], token: token).status == 0)
        #expect(try await stack.http("POST", "/v1/tool/toolhunt/deployment?token=\(refreshed)", body: "{\"only_plan\": true}").0 == 401)

        // A finished deployment's record can be deleted.
        let firstID = try #require(shown["deploy_id"] as? String)
        #expect(try await stack.cli(["deployment", "delete", firstID], token: token).status == 1, "refused without --yes-im-sure")
        #expect(try await stack.cli(["deployment", "show", firstID], token: token).status == 0)
        #expect(try await stack.cli(["deployment", "delete", firstID, "--yes-im-sure"], token: token).status == 0)
        #expect(try await stack.cli(["deployment", "show", firstID], token: token).status == 1)

        // Tool isolation.
        let (isolated, _) = try await stack.http("GET", "/v1/tool/toolhunt/config", token: otherToken)
        #expect(isolated == 403)
        let (unauthenticated, _) = try await stack.http("GET", "/v1/tool/toolhunt/config")
        #expect(unauthenticated == 401)

        // Cancel a deployment that waits on a slow one-off.
        let slow = stack.folder.appendingPathComponent("slow.yaml")
        try (original + "\n  slow-task:\n    type: one-off\n    build: {reuse-from: toolhunt-api}\n    run: {command: sleep 60, timeout: 2m}\n")
            .write(to: slow, atomically: true, encoding: .utf8)
        #expect(try await stack.cli(["config", "create", slow.path], token: token).status == 0)
        let started = try await stack.cli(["deployment", "create", "--no-wait"], token: token)
        let slowID = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try await Task.sleep(for: .seconds(1))
        let cancelled = try await stack.cli(["deployment", "cancel", slowID], token: token)
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        var final = ""
        for _ in 0..<100 where final != "cancelled" {
            let (_, body) = try await stack.http("GET", "/v1/tool/toolhunt/deployment/\(slowID)", token: token)
            final = (body["data"] as? [String: Any])?["status"] as? String ?? ""
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(final == "cancelled")

        // /metrics holds the gateway's and every service's own metrics.
        var metricsRequest = URLRequest(url: URL(string: stack.url + "/metrics")!)
        metricsRequest.httpMethod = "GET"
        let (metricsData, _) = try await URLSession.shared.data(for: metricsRequest)
        let metrics = String(decoding: metricsData, as: UTF8.self)
        #expect(metrics.contains("components_gateway_http_requests_total"))
        #expect(metrics.contains("components_executor_deployments_finished_total{status=\"successful\"}"))
        #expect(metrics.contains("components_executor_builds_started_total"))
        #expect(metrics.contains("components_executor_runs_started_total"))
        #expect(metrics.contains("components_config_rpc_calls_total"))
        #expect(metrics.contains("components_planner_rpc_calls_total"))

        // The config service stopped: a clear 503, then recovery when it is back.
        let configAddress = try #require(stack.config.addresses["config"])
        await stack.config.stop()
        let (down, downBody) = try await stack.http("GET", "/v1/tool/toolhunt/config", token: token)
        #expect(down == 503)
        #expect(((downBody["messages"] as? [String: Any])?["error"] as? [String])?.first?.contains("unavailable") == true)
        let restarted = try await ComponentsdProcess(arguments: ["config", "--listen", "\(configAddress)", "--state-dir", stack.folder.appendingPathComponent("state").path,
                                                                 "--allow-local-repositories", "--log-level", "warning"], waitingFor: ["config"])
        defer { restarted.kill() }
        var recovered = 0
        for _ in 0..<100 where recovered != 200 {
            recovered = try await stack.http("GET", "/v1/tool/toolhunt/config", token: token).0
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(recovered == 200)
        await restarted.stop()
    }
}
