import ComponentsTesting
import Foundation
import Testing

/// The CLI's upstream-compatible behaviour against a running stack: `config create -`,
/// `--json` envelopes, `--yes-im-sure`, `-v`, `deployment create` returning at once in a
/// script, and the /components/v1 config round trip.
@Suite struct ToolforgeCLITests {
    @Test func theCLIBehavesAsUpstreamsDoesInScripts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("toolforge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cliConfig = folder.appendingPathComponent("cli.yaml")
        let stack = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", folder.appendingPathComponent("state").path,
                        "--cli-config", cliConfig.path, "--default-tool", "toolhunt", "--stop-components-on-exit", "--log-level", "error"],
            waitingFor: ["gateway"])
        defer { stack.kill() }
        var token = ""
        for _ in 0..<100 where token.isEmpty {
            token = ((try? String(contentsOf: cliConfig, encoding: .utf8)) ?? "").split(separator: "\n")
                .first { $0.hasPrefix("token: ") }.map { String($0.dropFirst(7)) } ?? ""
            if token.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        let url = "http://\(try #require(stack.addresses["gateway"]))"
        let environment = ["COMPONENTS_URL": url, "COMPONENTS_TOKEN": token]
        func cli(_ arguments: [String], stdin: String? = nil) async throws -> CLIRunner.Result {
            try await CLIRunner.run(arguments, environment: environment, stdin: stdin)
        }
        let configPath = try await ToolhuntExample.make(in: folder.appendingPathComponent("repos")).path
        let config = try String(contentsOfFile: configPath, encoding: .utf8)

        // `config create -` reads standard input; a field the local backend ignores is a warning naming it.
        let withEmails = config.replacingOccurrences(of: "      port: 5555\n", with: "      port: 5555\n      emails: all\n")
        let created = try await cli(["config", "create", "-", "--json"], stdin: withEmails)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("<stdin>: warning: components.toolhunt-flower.run.emails: emails is accepted, but the local backend does not honour it"), "\(created.stderr)")
        // --json is the whole envelope.
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        #expect((envelope["data"] as? [String: Any])?["version"] as? Int == 1)
        #expect(((envelope["messages"] as? [String: Any])?["warning"] as? [String])?.count == 1)

        // The upstream spelling round trip: what /components/v1 shows, fed back, is no new version.
        let (shownStatus, shown) = try await gatewayHTTP(url, "GET", "/components/v1/tool/toolhunt/config", token: token)
        #expect(shownStatus == 200)
        let upstream = try #require(shown["data"] as? [String: Any])
        #expect(Set(upstream.keys) == ["config_version", "components"])
        let body = String(decoding: try JSONSerialization.data(withJSONObject: upstream), as: UTF8.self)
        let (againStatus, again) = try await gatewayHTTP(url, "POST", "/components/v1/tool/toolhunt/config", token: token, body: body)
        #expect(againStatus == 200)
        #expect(((again["messages"] as? [String: Any])?["info"] as? [String])?.first?.contains("unchanged") == true, "\(again)")

        // -v tells each request on standard error.
        let verbose = try await cli(["config", "show", "-v"])
        #expect(verbose.status == 0)
        #expect(verbose.stderr.contains("> GET \(url)/v1/tool/toolhunt/config") && verbose.stderr.contains("< 200"), "\(verbose.stderr)")
        #expect(!verbose.stderr.contains(token), "the token is never shown")

        // In a script (stdout is not a terminal) deployment create returns at once with the id.
        let started = ContinuousClock.now
        let deployed = try await cli(["deployment", "create"])
        #expect(deployed.status == 0, "\(deployed.stderr)")
        let deployID = deployed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deployID.count == 26, "\(deployed.stdout)")
        #expect(ContinuousClock.now - started < .seconds(20))
        let (deploymentStatus, _) = try await gatewayHTTP(url, "GET", "/components/v1/tool/toolhunt/deployment/\(deployID)", token: token)
        #expect(deploymentStatus == 200)

        // Destructive commands ask; without a terminal and without --yes-im-sure they refuse.
        let refused = try await cli(["config", "delete"])
        #expect(refused.status == 1 && refused.stderr.contains("--yes-im-sure"), "\(refused.stderr)")
        #expect(try await gatewayHTTP(url, "GET", "/v1/tool/toolhunt/config", token: token).0 == 200, "nothing was deleted")
        let deleted = try await cli(["config", "delete", "--yes-im-sure"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try await gatewayHTTP(url, "GET", "/v1/tool/toolhunt/config", token: token).0 == 404)
        await stack.stop()
    }
}
