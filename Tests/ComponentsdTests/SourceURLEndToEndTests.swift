import ComponentsTesting
import Foundation
import Testing

/// `source_url` through the real services and CLI: the config service (allowed loopback and
/// http:// here) fetches the document from a loopback HTTP server started by the test, and
/// `deployment show` names the document the deployment used.
@Suite(.serialized) struct SourceURLEndToEndTests {
    @Test func aDeploymentShowsTheDocumentItFetched() async throws {
        let stack = try await EndToEndTests.Stack.start(configFlags: ["--allow-private-repositories", "--allow-insecure-repositories"])
        let server = try await TestHTTPServer()
        do {
            try await flow(stack, server)
        } catch {
            await server.close()
            await stack.stop()
            throw error
        }
        await server.close()
        await stack.stop()
    }

    private func flow(_ stack: EndToEndTests.Stack, _ server: TestHTTPServer) async throws {
        let token = try await stack.createTool("alpha")
        let repository = try await offThePool {
            let repository = try TemporaryGitRepository(in: stack.folder.appendingPathComponent("repos"), name: "job")
            _ = try repository.commit(["README": "job\n"])
            return repository
        }
        let document = "config_version: v1beta1\ncomponents:\n  job:\n    type: one-off\n    build: {repository: '\(repository.url)', ref: main}\n    run: {command: 'true'}\n"
        server.serve("/toolforge.yaml", .init(body: document))
        let url = server.url("/toolforge.yaml")
        let pointer = stack.folder.appendingPathComponent("pointer.yaml")
        try "source_url: \(url)\n".write(to: pointer, atomically: true, encoding: .utf8)

        let created = try await stack.cli(["config", "create", pointer.path], token: token)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("fetched from \(url)"), "\(created.stdout)")
        // Offline, the pointer is checked under the same policy: loopback http:// needs the flags.
        let strict = try await stack.cli(["config", "validate", pointer.path], token: token)
        #expect(strict.status == 1 && strict.stdout.contains("--allow-insecure-repositories"), "\(strict.stdout)")
        let offline = try await stack.cli(["config", "validate", "--allow-private-repositories", "--allow-insecure-repositories", pointer.path], token: token)
        #expect(offline.status == 0 && offline.stdout.contains("this offline check does not fetch it"), "\(offline.stdout)")
        let diff = try await stack.cli(["config", "diff", pointer.path], token: token)
        #expect(diff.status != 0 && diff.stderr.contains("names source_url"), "\(diff.stderr)")

        let deployed = try await stack.cli(["deployment", "create", "--wait"], token: token)
        #expect(deployed.status == 0, "\(deployed.stdout)\(deployed.stderr)")
        let shown = try await stack.cli(["deployment", "show"], token: token)
        #expect(shown.stdout.contains("Config fetched from \(url) at "), "\(shown.stdout)")
        let json = try await stack.cli(["deployment", "show", "--json"], token: token)
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let source = try #require((envelope["data"] as? [String: Any])?["source_document"] as? [String: Any])
        #expect(source["url"] as? String == url)
        #expect((source["sha256"] as? String)?.count == 64)
        #expect(source["size_bytes"] as? Int == document.utf8.count)
        #expect(server.requests == ["/toolforge.yaml", "/toolforge.yaml"])

        // A document the server no longer serves: the deployment is refused, naming the URL.
        server.serve("/toolforge.yaml", .init(status: 404))
        let refused = try await stack.cli(["deployment", "create", "--wait"], token: token)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(url) && refused.stderr.contains("HTTP 404"), "\(refused.stderr)")
    }
}
