import ComponentsTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

/// One tenant asks for every large answer it can while another polls its latest deployment
/// through the same gateway, which keeps one connection per service: the other tenant never
/// sees an error, and the large asks fail or come back paged on their own.
@Suite struct NoisyNeighbourTests {
    private func http(_ base: String, _ method: String, _ path: String, token: String, body: String? = nil) async throws -> (Int, [String: Any]) {
        try await gatewayHTTP(base, method, path, token: token, body: body)
    }

    private func waitUntilFinished(_ base: String, _ deployID: String, token: String) async throws {
        for _ in 0..<240 {
            let (_, shown) = try await http(base, "GET", "/v1/tool/noisyer/deployment/\(deployID)", token: token)
            let status = (shown["data"] as? [String: Any])?["status"] as? String
            if ["successful", "failed", "cancelled", "timeout"].contains(status) { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("deployment \(deployID) did not finish within a minute")
    }

    @Test func largeAnswersForOneToolNeverFailAnotherToolsCalls() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("noisy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let process = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", state, "--log-level", "error",
                        "--default-tool", "noisy", "--cli-config", folder.appendingPathComponent("cli.yaml").path, "--stop-components-on-exit"],
            waitingFor: ["config", "planner", "executor", "gateway"])
        defer { process.kill() }
        let base = "http://\(try #require(process.addresses["gateway"]))"
        func token(_ tool: String) async throws -> String {
            try await ComponentsdProcess.runOnce(["tool", "create", tool, "--state-dir", state]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let noisy = try await token("noisyer")
        let quiet = try await token("quiet")

        // The quiet tool has a deployment to poll.
        let repository = try TemporaryGitRepository(in: folder, name: "repo")
        _ = try repository.commit(["README": "hello\n"])
        let quietConfig = """
        config_version: v0.1
        components:
          job:
            component_type: one-off
            build: {repository: \(repository.url)}
            run: {command: "echo quiet"}
        """
        #expect(try await http(base, "POST", "/v1/tool/quiet/config", token: quiet, body: quietConfig).0 == 200)
        #expect(try await http(base, "POST", "/v1/tool/quiet/deployment", token: quiet, body: "{}").0 == 200)

        // The poller: the quiet tool's latest deployment, again and again, until told to stop.
        let stop = ManagedFlag()
        let poller = Task { () -> [Int] in
            var failures: [Int] = []
            var polls = 0
            while !stop.isSet || polls < 20 {
                let status = (try? await http(base, "GET", "/v1/tool/quiet/deployment/latest", token: quiet).0) ?? -1
                if status != 200 { failures.append(status) }
                polls += 1
            }
            return failures
        }

        // A config near the document limit, whose every answer is large.
        let padding = (0..<12).map { "          PAD\($0): \"\(String(repeating: "p", count: 80_000))\"" }.joined(separator: "\n")
        let noisyConfig = """
        config_version: v0.1
        components:
          flood:
            component_type: one-off
            build: {repository: \(repository.url)}
            run:
              command: "head -c 3500000 /dev/zero | tr '\\\\0' 'x' | fold -w 100"
              env:
        \(padding)
        """
        let (configStatus, configBody) = try await http(base, "POST", "/v1/tool/noisyer/config", token: noisy, body: noisyConfig)
        #expect(configStatus == 200, "\(configBody)")

        // A megabyte of description is refused. Deployments of the large config are kept: the
        // first runs a job writing megabytes of log, the others find nothing to do.
        let longDescription = String(repeating: "d", count: 1 << 20)
        let (refused, refusedBody) = try await http(base, "POST", "/v1/tool/noisyer/deployment", token: noisy,
                                                    body: #"{"description": "\#(longDescription)"}"#)
        #expect(refused == 400 || refused == 413, "\(refusedBody)")
        var deployIDs: [String] = []
        for _ in 0..<5 {
            let (created, body) = try await http(base, "POST", "/v1/tool/noisyer/deployment", token: noisy,
                                                 body: #"{"description": "\#(String(repeating: "d", count: 1_000))"}"#)
            #expect(created == 200, "\(body)")
            deployIDs += [(body["data"] as? [String: Any])?["deploy_id"] as? String].compactMap { $0 }
            try await waitUntilFinished(base, deployIDs.last ?? "", token: noisy)
        }
        let deployID = try #require(deployIDs.first)
        let (listed, listBody) = try await http(base, "GET", "/v1/tool/noisyer/deployment", token: noisy)
        #expect(listed == 200)
        // Capped descriptions keep five deployments far below one message (a list that would
        // not fit is cut, see ListAnswerTests).
        #expect(((listBody["data"] as? [String: Any])?["deployments"] as? [Any])?.count == 5)

        for tail in ["0", "100000000"] {
            let (logStatus, logBody) = try await http(base, "GET", "/v1/tool/noisyer/deployment/\(deployID)/logs?component=flood&tail=\(tail)", token: noisy)
            #expect(logStatus == 200)
            let lines = (logBody["data"] as? [String: Any])?["lines"] as? [String]
            #expect((lines?.count ?? 0) > 0)
            #expect((lines?.count ?? 0) <= 2_700)  // one 256 KiB page of 101-byte lines
        }

        stop.set()
        let failures = await poller.value
        #expect(failures.isEmpty, "the quiet tool saw \(failures)")
        #expect(await process.stop(signal: SIGTERM) == 0)
    }
}

/// A flag one task sets and another reads.
private final class ManagedFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
