import ComponentsTesting
import Foundation
import Testing

/// The gateway's own TLS (`--tls-cert`, `--tls-key`, `--client-ca`): the real Toolforge CLI
/// straight to it with the client certificate from its kubeconfig, no token; bearer tokens
/// keep working over the same TLS, and a client with neither is refused.
@Suite struct DirectTLSTests {
    @Test func theRealCLIAuthenticatesWithItsClientCertificateAndTokensStillWork() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("direct-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try await TestCertificates.make(in: folder.appendingPathComponent("tls"), clientCommonName: "toolhunt")
        let cliConfig = folder.appendingPathComponent("cli.yaml")
        let stack = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", folder.appendingPathComponent("state").path,
                        "--cli-config", cliConfig.path, "--default-tool", "toolhunt", "--stop-components-on-exit", "--log-level", "error",
                        "--tls-cert", certificates.serverCertificate.path, "--tls-key", certificates.serverKey.path,
                        "--client-ca", certificates.caCertificate.path],
            waitingFor: ["gateway"])
        defer { stack.kill() }
        let gateway = "https://\(try #require(stack.addresses["gateway"]))"
        var token = ""
        for _ in 0..<100 where token.isEmpty {
            token = ((try? String(contentsOf: cliConfig, encoding: .utf8)) ?? "").split(separator: "\n")
                .first { $0.hasPrefix("token: ") }.map { String($0.dropFirst(7)) } ?? ""
            if token.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect((try String(contentsOf: cliConfig, encoding: .utf8)).contains("url: \(gateway)"), "the CLI config names the HTTPS address")

        let cli = try RealToolforgeCLI(in: folder, server: gateway, tool: "toolhunt", certificates: certificates)
        let configPath = try await ToolhuntExample.make(in: folder.appendingPathComponent("repos")).path
        try await cli.run("config", "create", configPath)
        let shown = try await cli.run("config", "show")
        #expect(shown.stdout.contains("component_type: continuous"), "\(shown.stdout)")
        let token1 = try await cli.run("deploy-token", "create")
        #expect(token1.stdout.contains("Token: cdt_toolhunt_"), "\(token1.stdout)")
        try await cli.run("deploy-token", "show")
        try await cli.run("deploy-token", "delete", "--yes-im-sure")

        // The tool token over the same TLS, without a client certificate.
        let withToken = try await ExternalCommand.run(
            "curl", ["-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(token)", "\(gateway)/v1/tool/toolhunt/config"], in: folder)
        #expect(withToken.stdout == "200", "\(withToken.stdout) \(withToken.stderr)")
        // Neither a certificate nor a token.
        let anonymous = try await ExternalCommand.run(
            "curl", ["-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", "\(gateway)/v1/tool/toolhunt/config"], in: folder)
        #expect(anonymous.stdout == "401", "\(anonymous.stdout) \(anonymous.stderr)")
        // A certificate its CA did not sign does not get through the handshake.
        let strangers = try await TestCertificates.make(in: folder.appendingPathComponent("other-ca"), clientCommonName: "toolhunt")
        let stranger = try await ExternalCommand.run(
            "curl", ["-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", "--cert", strangers.clientCertificate.path, "--key", strangers.clientKey.path,
                     "\(gateway)/v1/tool/toolhunt/config"], in: folder)
        #expect(stranger.stdout != "200", "a certificate from another CA: \(stranger.stdout)")
        try await cli.run("config", "delete", "--yes-im-sure")
        await stack.stop()
    }
}
