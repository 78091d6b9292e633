import ComponentsTesting
import Foundation
import Testing

/// The real `toolforge-components` CLI (PyPI's toolforge-components-cli, installed by
/// scripts/install-deps) through Debian's nginx as Toolforge's API gateway: mutual TLS with
/// a throwaway CA, the tool named by the client certificate's CN in `x-toolforge-tool`,
/// forwarded to our gateway, which believes that header from the front only.
@Suite struct RealToolforgeCLITests {
    @Test func everyCommandOfTheRealCLISucceedsThroughAnNginxFront() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("real-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try await TestCertificates.make(in: folder.appendingPathComponent("tls"), clientCommonName: "toolhunt")
        let stack = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", folder.appendingPathComponent("state").path,
                        "--cli-config", folder.appendingPathComponent("cli.yaml").path, "--default-tool", "toolhunt", "--stop-components-on-exit",
                        "--log-level", "error", "--trusted-proxy", "127.0.0.1/32", "--tool-header", "x-toolforge-tool"],
            waitingFor: ["gateway"])
        defer { stack.kill() }
        let gateway = try #require(stack.addresses["gateway"])
        let front = try await NginxFront.start(in: folder.appendingPathComponent("nginx"), certificates: certificates, upstream: "\(gateway)")
        do {
            try await drive(front: front, gateway: "\(gateway)", certificates: certificates, folder: folder)
        } catch {
            await front.stop()
            throw error
        }
        await front.stop()
        #expect(!front.isRunning)
        await stack.stop()
    }

    private func drive(front: NginxFront, gateway: String, certificates: TestCertificates, folder: URL) async throws {
        let cli = try RealToolforgeCLI(in: folder, server: "https://127.0.0.1:\(front.port)", tool: "toolhunt", certificates: certificates)
        // A config whose slow one-off keeps the deployment running long enough to cancel it.
        let configPath = try await ToolhuntExample.make(in: folder.appendingPathComponent("repos")).path
        let slow = (try String(contentsOfFile: configPath, encoding: .utf8))
            + "\n  slow-task:\n    type: one-off\n    build: {reuse-from: toolhunt-api}\n    run: {command: sleep 60, timeout: 2m}\n"
        let configFile = folder.appendingPathComponent("toolforge.yaml")
        try slow.write(to: configFile, atomically: true, encoding: .utf8)

        try await cli.run("config", "create", configFile.path)
        let shown = try await cli.run("config", "show")
        #expect(shown.stdout.contains("component_type: one-off") && shown.stdout.contains("reuse_from: toolhunt-api"), "\(shown.stdout)")
        let created = try await cli.run("deployment", "create")
        let deployID = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("Deployment ID: ") }.map { String($0.dropFirst(15)) }, "\(created.stdout)")
        let deployment = try await cli.run("deployment", "show", deployID)
        #expect(deployment.stdout.contains(deployID))
        let list = try await cli.run("deployment", "list")
        #expect(list.stdout.contains(deployID))
        let cancelled = try await cli.run("deployment", "cancel", deployID)
        #expect(cancelled.stdout.contains("cancel"), "\(cancelled.stdout)")

        let token = try await cli.run("deploy-token", "create")
        #expect(token.stdout.contains("Token: cdt_toolhunt_"), "\(token.stdout)")
        let tokenShown = try await cli.run("deploy-token", "show")
        #expect(tokenShown.stdout.contains("Created: 20"), "\(tokenShown.stdout)")
        let refreshed = try await cli.run("deploy-token", "refresh", "--yes-im-sure")
        #expect(refreshed.stdout.contains("Token: cdt_toolhunt_") && refreshed.stdout != token.stdout, "\(refreshed.stdout)")
        try await cli.run("deploy-token", "delete", "--yes-im-sure")
        try await cli.run("config", "delete", "--yes-im-sure")

        // The same header straight to the gateway, from a loopback address that is not the front's, is refused.
        let direct = try await ExternalCommand.run(
            "curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", "127.0.0.2", "-H", "x-toolforge-tool: toolhunt",
                     "http://\(gateway)/components/v1/tool/toolhunt/deployment"], in: folder)
        #expect(direct.stdout == "401" || direct.stdout == "403", "straight to the gateway: \(direct.stdout) \(direct.stderr)")
        // And through the front without a client certificate, nothing gets past nginx.
        let noCertificate = try await ExternalCommand.run(
            "curl", ["-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", "https://127.0.0.1:\(front.port)/components/v1/tool/toolhunt/config"], in: folder)
        #expect(noCertificate.stdout == "400", "\(noCertificate.stdout)")
    }
}
