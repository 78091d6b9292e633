import ComponentsTesting
import ConfigService
import Foundation
import Protocol
import Testing

/// The config service's methods through a real RPC server and client on loopback.
@Suite struct ConfigServiceRPCTests {
    private let valid = """
        config-version: v0.1
        components:
          api:
            type: continuous
            build: {repository: https://example.org/tool.git, ref: main}
            run: {command: api, port: 5000, prot: tcp}
        """

    private func withService(_ body: (RPCClient) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-rpc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ConfigStore(path: folder.appendingPathComponent("config.sqlite").path)
        let handlers = ConfigServiceHandlers(store: store, images: try ImageRegistry.parse("node18:\n  variants:\n    local: {image: node18}\n"), allowLocalRepositories: false)
        try await withTestRPCServer(serviceName: "config", router: handlers.router()) { server in
            let client = RPCClient(configuration: .init(address: server.localAddress, serviceName: "config", serviceToken: testServiceToken), logger: silentLogger)
            defer { client.close() }
            try await body(client)
        }
    }

    @Test func putStoresVersionsAndAnswersWarnings() async throws {
        try await withService { client in
            let created = try await client.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: "toolhunt"))
            #expect(created.token.hasPrefix("ctt_toolhunt_"))

            let first = try await client.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: valid))
            #expect(first.changed && first.config?.version == 1)
            let warning = try #require(first.warnings.first)
            #expect(warning.path == "components.api.run.prot")
            #expect(warning.line == 6)
            #expect(warning.message.contains("port"))

            let again = try await client.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: valid + "\n# a comment changes nothing\n"))
            #expect(!again.changed && again.config?.version == 1)

            let got = try await client.call(ConfigMethod.getConfig, Wire.GetConfigRequest(tool: "toolhunt"))
            #expect(got.config?.source == valid)
            #expect(got.config?.hash == first.config?.hash)
        }
    }

    /// Aliases may expand a config within the parser's bound, yet past what one answer about
    /// it may carry: refused at put, before anything stores it.
    @Test func aConfigWhoseJSONOutgrowsADocumentIsRefused() async throws {
        try await withService { client in
            let _: Wire.CreateToolResponse = try await client.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: "toolhunt"))
            let aliases = (1...6).map { "        V\($0): *big" }.joined(separator: "\n")
            let source = """
            config_version: v0.1
            components:
              api:
                component_type: continuous
                build: {repository: https://github.com/example/api}
                run:
                  env:
                    V0: &big "\(String(repeating: "v", count: 300_000))"
            \(aliases)
            """
            let checked: Wire.ValidateConfigResponse = try await client.call(ConfigMethod.validateConfig, Wire.ValidateConfigRequest(source: source))
            #expect(!checked.valid)
            #expect(checked.errors.first?.message.contains("expands to") == true, "\(checked.errors)")
            await #expect(throws: RPCError.self) {
                let _: Wire.PutConfigResponse = try await client.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: source))
            }
            let stored = await client.result(ConfigMethod.getConfig, Wire.GetConfigRequest(tool: "toolhunt"))
            #expect((try? stored.get()) == nil)
        }
    }

    @Test func invalidConfigIsRefusedWithEveryViolationAndStoresNothing() async throws {
        try await withService { client in
            _ = try await client.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: "toolhunt"))
            _ = try await client.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: valid))
            let broken = valid.replacingOccurrences(of: "port: 5000", with: "port: 70000").replacingOccurrences(of: "ref: main", with: "ref: -x")
            do throws(RPCError) {
                _ = try await client.call(ConfigMethod.putConfig, Wire.PutConfigRequest(tool: "toolhunt", source: broken))
                Issue.record("expected a refusal")
            } catch {
                #expect(error.code == .invalidArgument)
                #expect(Set(error.violations.map(\.path)) == ["components.api.build.ref", "components.api.run.port"])
                #expect(error.violations.allSatisfy { $0.line > 0 && $0.column > 0 })
            }
            let versions = try await client.call(ConfigMethod.listConfigVersions, Wire.ListConfigVersionsRequest(tool: "toolhunt"))
            #expect(versions.versions.count == 1)
        }
    }

    @Test func unknownToolIsNotFoundAndBadNamesAreInvalid() async throws {
        try await withService { client in
            do throws(RPCError) {
                _ = try await client.call(ConfigMethod.getConfig, Wire.GetConfigRequest(tool: "ghost"))
                Issue.record("expected not found")
            } catch {
                #expect(error.code == .notFound)
            }
            do throws(RPCError) {
                _ = try await client.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: "Bad_Name"))
                Issue.record("expected invalid")
            } catch {
                #expect(error.code == .invalidArgument)
            }
        }
    }

    @Test func tokensAuthenticateToTheirToolAndKind() async throws {
        try await withService { client in
            let created = try await client.call(ConfigMethod.createTool, Wire.CreateToolRequest(name: "toolhunt"))
            let deploy = try await client.call(ConfigMethod.createDeployToken, Wire.DeployTokenRequest(tool: "toolhunt"))
            let shown = try await client.call(ConfigMethod.getDeployToken, Wire.DeployTokenRequest(tool: "toolhunt"))
            #expect(shown.token?.token == "")
            #expect(shown.token?.creationTimeMs == deploy.token?.creationTimeMs)

            let asTool = try await client.call(ConfigMethod.authenticateToken, Wire.AuthenticateTokenRequest(token: created.token))
            #expect(asTool.tool == "toolhunt" && asTool.kind == .tool)
            let asDeploy = try await client.call(ConfigMethod.authenticateToken, Wire.AuthenticateTokenRequest(token: deploy.token?.token ?? ""))
            #expect(asDeploy.tool == "toolhunt" && asDeploy.kind == .deploy)
            do throws(RPCError) {
                _ = try await client.call(ConfigMethod.authenticateToken, Wire.AuthenticateTokenRequest(token: "ctt_toolhunt_0000000000000000000000000000000000000000000"))
                Issue.record("expected unauthenticated")
            } catch {
                #expect(error.code == .unauthenticated)
            }
        }
    }

    @Test func imagesAreListedAndResolved() async throws {
        try await withService { client in
            let listed = try await client.call(ConfigMethod.listImages, Wire.ListImagesRequest())
            #expect(listed.images.map(\.name) == ["node18"])
            let resolved = try await client.call(ConfigMethod.resolveImage, Wire.ResolveImageRequest(name: "node18", consumer: "local"))
            #expect(resolved.reference == "node18")
        }
    }
}
