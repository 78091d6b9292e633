import ComponentsTesting
import ConfigService
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Deploy on push through a real `componentsd all`: signed GitHub and GitLab webhooks, the
/// webhook secret's life, hostile payloads, polling seen through the CLI, and the metrics.
@Suite(.serialized) struct DeployOnPushEndToEndTests {
    final class Stack: @unchecked Sendable {
        let folder: URL
        let process: ComponentsdProcess
        let base: String
        let state: String

        init() async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("push-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            state = folder.appendingPathComponent("state").path
            process = try await ComponentsdProcess(
                arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", state, "--log-level", "error",
                            "--default-tool", "seed", "--cli-config", folder.appendingPathComponent("cli.yaml").path, "--stop-components-on-exit",
                            "--minimum-poll-interval", "1"],
                waitingFor: ["config", "planner", "executor", "gateway"])
            base = "http://\(try #require(process.addresses["gateway"]))"
        }

        func token(_ tool: String) async throws -> String {
            try await ComponentsdProcess.runOnce(["tool", "create", tool, "--state-dir", state]).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func http(_ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> (Int, [String: Any]) {
            try await gatewayHTTP(base, method, path, token: token, body: body)
        }

        /// A webhook delivery: raw body and headers as given.
        func deliver(_ path: String, body: Data, headers: [String: String]) async throws -> (Int, [String: Any]) {
            var request = URLRequest(url: try #require(URL(string: base + path)))
            request.httpMethod = "POST"
            request.httpBody = body
            request.timeoutInterval = 60
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
        }

        func deployments(_ tool: String, token: String) async throws -> [[String: Any]] {
            let (_, answer) = try await http("GET", "/v1/tool/\(tool)/deployment", token: token)
            return ((answer["data"] as? [String: Any])?["deployments"] as? [[String: Any]]) ?? []
        }

        func waitUntilFinished(_ tool: String, _ deployID: String, token: String) async throws -> [String: Any] {
            for _ in 0..<240 {
                let (_, shown) = try await http("GET", "/v1/tool/\(tool)/deployment/\(deployID)", token: token)
                let data = (shown["data"] as? [String: Any]) ?? [:]
                if ["successful", "failed", "cancelled", "timeout"].contains(data["status"] as? String) { return data }
                try await Task.sleep(for: .milliseconds(250))
            }
            throw ProcessError(message: "deployment \(deployID) did not finish within a minute")
        }

        func stop() async {
            await process.stop()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    private static func config(_ repository: TemporaryGitRepository, poll: String = "off") -> String {
        """
        config-version: v0.1
        auto-deploy: {poll: \(poll)}
        components:
          job:
            type: one-off
            build: {repository: '\(repository.url)', ref: main}
            run: {command: 'true'}
        """
    }

    private static func githubPush(_ repository: TemporaryGitRepository, ref: String = "refs/heads/main", before: String, after: String) -> Data {
        Data("""
        {"ref": "\(ref)", "before": "\(before)", "after": "\(after)", "created": false, "deleted": false,
         "repository": {"id": 1, "full_name": "o/r", "clone_url": "\(repository.url).git", "html_url": "https://example.org/o/r"},
         "commits": [{"id": "\(after)", "message": "change"}], "pusher": {"name": "someone"}}
        """.utf8)
    }

    private static func gitlabPush(_ repository: TemporaryGitRepository, before: String, after: String) -> Data {
        Data("""
        {"object_kind": "push", "ref": "refs/heads/main", "before": "\(before)", "after": "\(after)",
         "project": {"id": 1, "git_http_url": "\(repository.url)/", "web_url": "https://example.org/o/r"}}
        """.utf8)
    }

    /// `builds` or `runs`: the statuses of each component's step, by component name order.
    private static func statuses(_ deployment: [String: Any], _ key: String) -> [String] {
        let steps = (deployment[key] as? [String: [String: Any]]) ?? [:]
        let field = key == "builds" ? "build_status" : "run_status"
        return steps.sorted { $0.key < $1.key }.compactMap { $0.value[field] as? String }
    }

    @Test func signedWebhooksDeployAndEverythingElseChangesNothing() async throws {
        let stack = try await Stack()
        do {
            let token = try await stack.token("hooked")
            let repository = try TemporaryGitRepository(in: stack.folder, name: "repo")
            var head = try repository.commit(["README": "v1\n"])
            #expect(try await stack.http("POST", "/v1/tool/hooked/config", token: token, body: Self.config(repository)).0 == 200)
            #expect(try await stack.http("POST", "/v1/tool/hooked/deployment", token: token, body: "{}").0 == 200)
            let firstID = try #require(try await stack.deployments("hooked", token: token).first?["deploy_id"] as? String)
            _ = try await stack.waitUntilFinished("hooked", firstID, token: token)
            let hook = "/v1/tool/hooked/webhook/github"

            // No secret yet: every delivery is refused.
            let unsignedBody = Self.githubPush(repository, before: head, after: head)
            let noSecret = try await stack.deliver(hook, body: unsignedBody, headers: [
                "X-GitHub-Event": "push", "X-Hub-Signature-256": WebhookSignature.github(body: unsignedBody, secret: "guess")])
            #expect(noSecret.0 == 401)

            // The secret is shown once, then only its date.
            let (created, madeAnswer) = try await stack.http("POST", "/v1/tool/hooked/webhook-secret", token: token)
            #expect(created == 200)
            let secret = try #require((madeAnswer["data"] as? [String: Any])?["secret"] as? String)
            #expect(secret.count >= 40)
            let (_, shown) = try await stack.http("GET", "/v1/tool/hooked/webhook-secret", token: token)
            #expect((shown["data"] as? [String: Any])?["secret"] as? String == nil)
            #expect((shown["data"] as? [String: Any])?["creation_date"] as? String != nil)
            #expect(try await stack.http("POST", "/v1/tool/hooked/webhook-secret", token: token).0 == 409)
            let keyFile = URL(fileURLWithPath: stack.state).appendingPathComponent("webhook-secrets.key")
            let mode = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let database = try Data(contentsOf: URL(fileURLWithPath: stack.state).appendingPathComponent("config.sqlite"))
            #expect(database.range(of: Data(secret.utf8)) == nil, "the secret is stored encrypted")

            // A signed push of the built branch deploys the new commit.
            let old = head
            head = try repository.commit(["README": "v2\n"])
            let body = Self.githubPush(repository, before: old, after: head)
            let signed = ["X-GitHub-Event": "push", "X-Hub-Signature-256": WebhookSignature.github(body: body, secret: secret)]
            let (deployedStatus, deployed) = try await stack.deliver(hook, body: body, headers: signed)
            #expect(deployedStatus == 200, "\(deployed)")
            let deployID = try #require((deployed["data"] as? [String: Any])?["deploy_id"] as? String)
            let finished = try await stack.waitUntilFinished("hooked", deployID, token: token)
            #expect(finished["status"] as? String == "successful")
            #expect(Self.statuses(finished, "builds") == ["successful"])
            #expect((finished["description"] as? String)?.contains("\(old.prefix(7))..\(head.prefix(7))") == true, "\(finished["description"] ?? "")")

            // A bad signature changes nothing.
            let before = try await stack.deployments("hooked", token: token).count
            var forged = signed
            forged["X-Hub-Signature-256"] = WebhookSignature.github(body: body, secret: secret + "x")
            #expect(try await stack.deliver(hook, body: body, headers: forged).0 == 401)
            #expect(try await stack.deliver(hook, body: body, headers: ["X-GitHub-Event": "push"]).0 == 401)
            #expect(try await stack.deployments("hooked", token: token).count == before)

            // Other refs, tags and events are ignored with 202.
            for (ref, event) in [("refs/heads/feature", "push"), ("refs/tags/v9", "push"), ("refs/heads/main", "issues")] {
                let other = Self.githubPush(repository, ref: ref, before: old, after: head)
                let (status, answer) = try await stack.deliver(hook, body: other, headers: [
                    "X-GitHub-Event": event, "X-Hub-Signature-256": WebhookSignature.github(body: other, secret: secret)])
                #expect(status == 202, "\(ref) \(event): \(answer)")
                let info = ((answer["messages"] as? [String: Any])?["info"] as? [String])?.first ?? ""
                #expect(info.hasPrefix("ignored: "), "\(info)")
                if event == "push" { #expect(info == "ignored: no component builds \(ref)") }
            }
            #expect(try await stack.deployments("hooked", token: token).count == before)

            // A replayed delivery, nothing changed: the deployment it makes skips everything.
            let (replayStatus, replayed) = try await stack.deliver(hook, body: body, headers: signed)
            #expect(replayStatus == 200)
            let replayID = try #require((replayed["data"] as? [String: Any])?["deploy_id"] as? String)
            let replay = try await stack.waitUntilFinished("hooked", replayID, token: token)
            #expect(Self.statuses(replay, "builds") == ["skipped"], "\(replay)")
            #expect(Self.statuses(replay, "runs") == ["skipped"], "\(replay)")

            // Hostile payloads, correctly signed: 400 or 413, never a deployment.
            let count = try await stack.deployments("hooked", token: token).count
            let hostile: [(Data, Int)] = [
                (body.prefix(body.count / 2), 400),
                (Data(#"{"ref": 5, "repository": {"clone_url": "x"}}"#.utf8), 400),
                (Data(#"{"ref": "refs/heads/main", "repository": "not an object"}"#.utf8), 400),
                (Data(#"{"ref": "refs/heads/main", "repository": {}}"#.utf8), 400),
                (Data(#"["ref"]"#.utf8), 400),
                (Data((String(repeating: "[", count: 100_000)).utf8), 400),
                (Data(#"{"ref": "refs/heads/main", "repository": {"clone_url": "\#(repository.url)"}, "after": "zz"}"#.utf8), 400),
                (Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 1), 413),
            ]
            for (payload, expected) in hostile {
                let (status, answer) = try await stack.deliver(hook, body: payload, headers: [
                    "X-GitHub-Event": "push", "X-Hub-Signature-256": WebhookSignature.github(body: payload, secret: secret)])
                #expect(status == expected, "\(payload.prefix(80)): \(answer)")
            }
            #expect(try await stack.deployments("hooked", token: token).count == count)

            // GitLab: the token header is the secret.
            let gitlabOld = head
            head = try repository.commit(["README": "v3\n"])
            let gitlabBody = Self.gitlabPush(repository, before: gitlabOld, after: head)
            let gitlabHook = "/v1/tool/hooked/webhook/gitlab"
            #expect(try await stack.deliver(gitlabHook, body: gitlabBody, headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "wrong"]).0 == 401)
            let (gitlabStatus, gitlabAnswer) = try await stack.deliver(gitlabHook, body: gitlabBody, headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": secret])
            #expect(gitlabStatus == 200, "\(gitlabAnswer)")
            let gitlabID = try #require((gitlabAnswer["data"] as? [String: Any])?["deploy_id"] as? String)
            #expect(try await stack.waitUntilFinished("hooked", gitlabID, token: token)["status"] as? String == "successful")

            // Another tool's secret does not sign this tool's webhooks.
            // (Made with the CLI: printed once, then only its date and the URLs.)
            let otherToken = try await stack.token("other")
            let environment = ["COMPONENTS_URL": stack.base, "COMPONENTS_TOKEN": otherToken]
            let made = try await CLIRunner.run(["webhook-secret", "create"], environment: environment)
            #expect(made.status == 0, "\(made.stderr)")
            let otherSecret = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(otherSecret.hasPrefix("whsec_"))
            #expect(made.stderr.contains("\(stack.base)/v1/tool/other/webhook/github"), "\(made.stderr)")
            let show = try await CLIRunner.run(["webhook-secret", "show"], environment: environment)
            #expect(show.status == 0 && show.stdout.contains("has a webhook secret") && !show.stdout.contains(otherSecret), "\(show.stdout)")
            let json = try await CLIRunner.run(["webhook-secret", "show", "--json"], environment: environment)
            #expect(json.stdout.contains("\"creation_date\""), "\(json.stdout)")
            #expect(try await stack.deliver(gitlabHook, body: gitlabBody, headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": otherSecret]).0 == 401)

            // Deleted: refused again.
            #expect(try await stack.http("DELETE", "/v1/tool/hooked/webhook-secret", token: token).0 == 200)
            #expect(try await stack.deliver(hook, body: body, headers: signed).0 == 401)

            let metrics = try await URLSession.shared.data(from: try #require(URL(string: stack.base + "/metrics")))
            let text = String(decoding: metrics.0, as: UTF8.self)
            for name in ["components_gateway_webhooks_received_total{provider=\"github\"}", "components_gateway_webhooks_refused_total{provider=\"github\"}",
                         "components_gateway_webhooks_ignored_total{provider=\"github\"}", "components_gateway_webhooks_received_total{provider=\"gitlab\"}",
                         "components_executor_autodeploy_deployments_total{source=\"github\"} 2", "components_executor_autodeploy_deployments_total{source=\"gitlab\"} 1"] {
                #expect(text.contains(name), "\(name) missing from /metrics")
            }
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    /// Polling through the real executor, seen with `components auto-deploy status`.
    @Test func pollingDeploysAPushAndTheCLIShowsIt() async throws {
        let stack = try await Stack()
        do {
            let token = try await stack.token("polled")
            let repository = try TemporaryGitRepository(in: stack.folder, name: "repo")
            try repository.commit(["README": "v1\n"])
            #expect(try await stack.http("POST", "/v1/tool/polled/config", token: token, body: Self.config(repository, poll: "1s")).0 == 200)
            #expect(try await stack.http("POST", "/v1/tool/polled/deployment", token: token, body: "{}").0 == 200)
            let environment = ["COMPONENTS_URL": stack.base, "COMPONENTS_TOKEN": token, "COMPONENTS_TOOL": "polled"]

            var seen = false
            for _ in 0..<100 where !seen {
                let status = try await CLIRunner.run(["auto-deploy", "status", "--tool", "polled", "--json"], environment: environment)
                seen = status.status == 0 && status.stdout.contains("\"last_seen_commit\" : \"")
                if !seen { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(seen, "polling saw the repository")
            let pushed = ContinuousClock.now
            let commit = try repository.commit(["README": "v2\n"])
            var deployments: [[String: Any]] = []
            while ContinuousClock.now - pushed < .seconds(10), deployments.count < 2 {
                deployments = try await stack.deployments("polled", token: token)
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(deployments.count == 2)
            print("auto-deploy end to end: push to deployment seen in \(ContinuousClock.now - pushed)")
            let newest = try #require(deployments.first)
            #expect((newest["description"] as? String)?.hasPrefix("auto-deploy: \(repository.url) main ") == true)
            #expect((newest["description"] as? String)?.hasSuffix("..\(commit.prefix(7))") == true)

            let text = try await CLIRunner.run(["auto-deploy", "status", "--tool", "polled"], environment: environment)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("polling every 1s"), "\(text.stdout)")
            #expect(text.stdout.contains(repository.url))
            #expect(text.stdout.contains("last seen:   \(commit)"), "\(text.stdout)")
            let help = try await CLIRunner.run(["auto-deploy", "status", "--help"], environment: environment)
            #expect(help.stdout.contains("last seen commit"), "\(help.stdout)")
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }
}
