import ComponentsTesting
import Foundation
import Protocol
import Testing

/// The executor killed with SIGKILL in the middle of a deployment, then restarted: the
/// deployment fails with a clear reason, nothing stored is lost, and continuous components
/// run again (live ones re-adopted with the same pid, dead ones restarted). The executor is
/// `componentsd-executor`, the executable compose runs.
@Suite(.serialized) struct ExecutorCrashRecoveryTests {
    @Test func killNineMidDeploymentThenRestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let config = try String(contentsOf: try await ToolhuntExample.make(in: folder.appendingPathComponent("repos")), encoding: .utf8)

        let configService = try await ComponentsdProcess(
            arguments: ["config", "--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories", "--log-level", "warning"], waitingFor: ["config"])
        defer { configService.kill() }
        let planner = try await ComponentsdProcess(arguments: ["planner", "--listen", "127.0.0.1:0", "--state-dir", state, "--log-level", "warning"], waitingFor: ["planner"])
        defer { planner.kill() }
        let configAddress = try #require(configService.addresses["config"])
        let plannerAddress = try #require(planner.addresses["planner"])
        func startExecutor() async throws -> ComponentsdProcess {
            try await ComponentsdProcess(arguments: [
                "--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories",
                "--config-service", "\(configAddress)", "--planner-service", "\(plannerAddress)", "--log-level", "warning",
            ], waitingFor: ["executor"], executable: "componentsd-executor")
        }

        // The services share the state folder, so the config service's token is everyone's.
        let token = try String(contentsOfFile: "\(state)/service-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let configClient = RPCClient(configuration: .init(address: configAddress, serviceName: "config", serviceToken: token), logger: silentLogger)
        defer { configClient.close() }
        _ = try await configClient.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: "toolhunt"))
        _ = try await configClient.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: config))

        var executor = try await startExecutor()
        // libcurl is loaded on the first HTTP health check, not at start.
        #expect(!executor.mappedFiles.contains { $0.contains("libcurl") }, "\(executor.mappedFiles.sorted())")
        var client = RPCClient(configuration: .init(address: try #require(executor.addresses["executor"]), serviceName: "executor", serviceToken: token), logger: silentLogger)
        func waitForEnd(_ id: String, _ client: RPCClient) async throws -> Wire.Deployment {
            let deadline = ContinuousClock.now.advanced(by: .seconds(90))
            while ContinuousClock.now < deadline {
                let answer = try await client.call(ExecutorMethod.getDeployment, Wire.DeploymentRef(tool: "toolhunt", deployId: id))
                if let deployment = answer.deployment, [.successful, .failed, .cancelled, .timedOut].contains(deployment.status) { return deployment }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw ProcessError(message: "deployment \(id) did not end")
        }
        func states(_ client: RPCClient) async throws -> [String: Wire.ComponentState] {
            let answer = try await client.call(ExecutorMethod.getComponentStates, Wire.GetComponentStatesRequest(tool: "toolhunt"))
            return Dictionary(uniqueKeysWithValues: answer.states.map { ($0.component, $0) })
        }

        let first = try await client.call(ExecutorMethod.createDeployment, Wire.CreateDeploymentRequest(tool: "toolhunt"))
        let done = try await waitForEnd(try #require(first.deployment?.deployId), client)
        #expect(done.status == .successful, "\(done.longStatus)")
        #expect(executor.mappedFiles.contains { $0.contains("libcurl") }, "api's HTTP health check loaded libcurl: \(executor.mappedFiles.sorted())")
        let before = try await states(client)
        let apiPids = try #require(before["toolhunt-api"]?.pids)
        let flowerPids = try #require(before["toolhunt-flower"]?.pids)
        #expect(!apiPids.isEmpty && !flowerPids.isEmpty)

        // A slow one-off makes the next deployment last; kill the executor while it runs.
        let slow = config + """

              slow-migration:
                type: one-off
                build: {reuse-from: toolhunt-api}
                run: {command: sleep 29.5, timeout: 1m}

            """
        _ = try await configClient.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: slow))
        let second = try await client.call(ExecutorMethod.createDeployment, Wire.CreateDeploymentRequest(tool: "toolhunt"))
        let secondID = try #require(second.deployment?.deployId)
        try await Task.sleep(for: .seconds(2))
        client.close()
        await executor.stop(signal: SIGKILL)
        // While the executor is down, flower dies too: it must be restarted, api re-adopted.
        for pid in flowerPids { kill(-pid, SIGKILL) }
        try await Task.sleep(for: .milliseconds(300))

        // The restarted flower goes on logging into the run log of the deployment that started it.
        let flowerLog = URL(fileURLWithPath: state).appendingPathComponent("executor/logs/\(done.deployId)/toolhunt-flower.run.log")
        func flowerLines() -> Int {
            ((try? String(contentsOf: flowerLog, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.hasPrefix("flower:") }.count
        }
        let flowerLinesBefore = flowerLines()
        #expect(flowerLinesBefore > 0, "flower logged into \(flowerLog.path)")

        // The api's log writer is not the executor's: with no executor at all, what the api
        // prints still reaches its run log.
        let apiLog = URL(fileURLWithPath: state).appendingPathComponent("executor/logs/\(done.deployId)/toolhunt-api.run.log")
        let apiPort = try #require(before["toolhunt-api"]?.port)
        /// Asks the api for a page named `marker`; true once its request line is in the log.
        func apiLogs(_ marker: String) async throws -> Bool {
            _ = try? await ComponentsdProcess.runOnce(["-s", "http://127.0.0.1:\(apiPort)/tools?\(marker)"], executable: URL(fileURLWithPath: "/usr/bin/curl"))
            for _ in 0..<50 {
                if ((try? String(contentsOf: apiLog, encoding: .utf8)) ?? "").contains(marker) { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
        #expect(try await apiLogs("asked-while-no-executor-ran"), "the api's request log reached \(apiLog.path) while the executor was down")

        let restartedAt = ContinuousClock.now
        executor = try await startExecutor()
        defer { executor.kill() }
        client = RPCClient(configuration: .init(address: try #require(executor.addresses["executor"]), serviceName: "executor", serviceToken: token), logger: silentLogger)
        defer { client.close() }
        // The one-off the killed executor left running is stopped by the new one.
        var orphanRunning = true
        for _ in 0..<100 where orphanRunning {
            orphanRunning = (try? await ComponentsdProcess.runOnce(["-f", "sleep 29.5"], executable: URL(fileURLWithPath: "/usr/bin/pgrep"))) != nil
            if orphanRunning { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!orphanRunning, "the orphaned one-off still runs")
        let interrupted = try await client.call(ExecutorMethod.getDeployment, Wire.DeploymentRef(tool: "toolhunt", deployId: secondID))
        #expect(interrupted.deployment?.status == .failed)
        #expect(interrupted.deployment?.longStatus.contains("executor restarted") == true)

        var after: [String: Wire.ComponentState] = [:]
        while ContinuousClock.now - restartedAt < .seconds(5) {
            after = try await states(client)
            if after["toolhunt-api"]?.health == .healthy && after["toolhunt-flower"]?.health == .healthy { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(ContinuousClock.now - restartedAt < .seconds(5))
        #expect(after["toolhunt-api"]?.pids == apiPids, "the live api process is re-adopted, not restarted")
        // The re-adopted api goes on logging through the writer it started with.
        #expect(try await apiLogs("asked-after-the-restart"), "the re-adopted api's request log reached \(apiLog.path)")
        #expect(after["toolhunt-flower"]?.health == .healthy)
        #expect(after["toolhunt-flower"]?.pids != flowerPids, "the dead flower process is started again")
        for _ in 0 ..< 50 where flowerLines() <= flowerLinesBefore { try await Task.sleep(for: .milliseconds(100)) }
        #expect(flowerLines() > flowerLinesBefore, "the restarted flower logs into its deployment's run log")
        let images = URL(fileURLWithPath: state).appendingPathComponent("executor/images")
        let strays = (FileManager.default.enumerator(atPath: images.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".log") }
        #expect(strays.isEmpty, "no log files inside the immutable images: \(strays)")

        // Nothing persisted is lost: the first deployment is still there, and a new one works.
        let list = try await client.call(ExecutorMethod.listDeployments, Wire.ListDeploymentsRequest(tool: "toolhunt"))
        #expect(list.deployments.map(\.deployId).contains(done.deployId))
        _ = try await configClient.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: config))
        let third = try await client.call(ExecutorMethod.createDeployment, Wire.CreateDeploymentRequest(tool: "toolhunt"))
        let thirdDone = try await waitForEnd(try #require(third.deployment?.deployId), client)
        #expect(thirdDone.status == .successful, "\(thirdDone.longStatus)")
        // Stop what the test started: the executor leaves components running by design.
        for state in try await states(client).values { for pid in state.pids { kill(-pid, SIGTERM) } }
    }
    /// A build command runs in no database row; the process ledger lets the next executor
    /// end it after `kill -9`, instead of leaving it orphaned.
    @Test func killNineDuringABuildCommandLeavesNoOrphan() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let example = try String(contentsOf: try await ToolhuntExample.make(in: folder.appendingPathComponent("repos")), encoding: .utf8)
        let repository = try #require(example.firstMatch(of: /repository: (file:\S+\/toolhunt)\n/)?.1)
        let config = """
            config-version: v0.1
            components:
              slow-build:
                type: one-off
                build: {repository: "\(repository)", ref: main, command: sleep 27.25}
                run: {command: "true"}
            """
        let configService = try await ComponentsdProcess(
            arguments: ["config", "--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories", "--log-level", "warning"], waitingFor: ["config"])
        defer { configService.kill() }
        let planner = try await ComponentsdProcess(arguments: ["planner", "--listen", "127.0.0.1:0", "--state-dir", state, "--log-level", "warning"], waitingFor: ["planner"])
        defer { planner.kill() }
        let token = try String(contentsOfFile: "\(state)/service-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        func startExecutor() async throws -> ComponentsdProcess {
            try await ComponentsdProcess(arguments: [
                "--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories",
                "--config-service", "\(try #require(configService.addresses["config"]))", "--planner-service", "\(try #require(planner.addresses["planner"]))",
                "--log-level", "warning",
            ], waitingFor: ["executor"], executable: "componentsd-executor")
        }
        let configClient = RPCClient(configuration: .init(address: try #require(configService.addresses["config"]), serviceName: "config", serviceToken: token), logger: silentLogger)
        defer { configClient.close() }
        _ = try await configClient.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: "slow"))
        _ = try await configClient.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "slow", source: config))

        var executor = try await startExecutor()
        let client = RPCClient(configuration: .init(address: try #require(executor.addresses["executor"]), serviceName: "executor", serviceToken: token), logger: silentLogger)
        _ = try await client.call(ExecutorMethod.createDeployment, Wire.CreateDeploymentRequest(tool: "slow"))
        func buildRuns() async -> Bool {
            (try? await ComponentsdProcess.runOnce(["-f", "sleep 27.25"], executable: URL(fileURLWithPath: "/usr/bin/pgrep"))) != nil
        }
        var started = false
        for _ in 0..<200 where !started {
            started = await buildRuns()
            if !started { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(started, "the build command started")
        client.close()
        await executor.stop(signal: SIGKILL)
        #expect(await buildRuns(), "killing the executor alone leaves the build command running")

        executor = try await startExecutor()
        defer { executor.kill() }
        #expect(!(await buildRuns()), "the restarted executor ended the orphaned build command before it served")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(state)/executor/processes").isEmpty)
    }
}
