import ComponentsTesting
@testable import ConfigService
import Foundation
import HTTPClient
import Protocol
import Testing
import ToolConfig

/// `source_url`: the config service fetches the document from a loopback HTTP server started
/// here, on a port chosen at run time. The handlers allow loopback and http:// explicitly
/// (`--allow-private-repositories`, `--allow-insecure-repositories`) except where a test
/// checks the default policy.
@Suite struct SourceURLTests {
    static let served = """
        config_version: v1beta1
        components:
          api:
            component_type: continuous
            build: {repository: https://example.org/tool.git, ref: main}
            run: {command: api, port: 5000}
        """

    /// A server, handlers over a fresh store with a tool `alpha`, and the body; stops both.
    private func with(allowLoopback: Bool = true, timeout: Duration = .seconds(10),
                      _ body: (TestHTTPServer, ConfigServiceHandlers) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("source-url-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let server = try await TestHTTPServer()
        do {
            let store = try ConfigStore(path: folder.appendingPathComponent("config.sqlite").path)
            _ = try store.createTool(name: "alpha")
            let handlers = ConfigServiceHandlers(store: store, images: ImageRegistry(), allowLocalRepositories: false,
                                                 allowPrivateRepositories: allowLoopback, allowInsecureRepositories: allowLoopback,
                                                 sourceFetchTimeout: timeout)
            try await body(server, handlers)
        } catch {
            await server.close()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        await server.close()
        try? FileManager.default.removeItem(at: folder)
    }

    private func pointer(_ url: String) -> String { "source_url: \(url)\n" }

    private func putError(_ handlers: ConfigServiceHandlers, _ source: String) async -> RPCError? {
        do {
            _ = try await handlers.put(Wire.PutConfigRequest(tool: "alpha", source: source))
            return nil
        } catch {
            return error as? RPCError
        }
    }

    @Test func theConfigIsFetchedOnCreateAndRecordsItsDocument() async throws {
        try await with { server, handlers in
            server.serve("/tool.yaml", .init(body: Self.served))
            let url = server.url("/tool.yaml")
            let answer = try await handlers.put(Wire.PutConfigRequest(tool: "alpha", source: pointer(url) + "components: {old: {}}\n"))
            let stored = try #require(answer.config)
            let config = try #require(ToolConfigParser.parse(stored.canonicalJson, options: .acceptedConfig).config)
            #expect(config.components.keys.sorted() == ["api"])
            #expect(config.sourceURL == url)
            #expect(stored.source == Self.served)
            let document = try #require(answer.document)
            #expect(document.url == url)
            #expect(document.sha256 == FetchedSourceDocument(url: url, bytes: Array(Self.served.utf8), fetchedAtMs: 0).sha256)
            #expect(document.sizeBytes == UInt64(Self.served.utf8.count))
            #expect(answer.warnings.contains { $0.path == "components" && $0.message.contains("ignored: source_url is set") })
            #expect(server.requests == ["/tool.yaml"])
        }
    }

    @Test func validateFetchesTooAndStoresNothing() async throws {
        try await with { server, handlers in
            server.serve("/tool.yaml", .init(body: Self.served))
            let answer = await handlers.validate(Wire.ValidateConfigRequest(tool: "alpha", source: pointer(server.url("/tool.yaml"))))
            #expect(answer.valid, "\(answer.errors)")
            #expect(answer.document?.sizeBytes == UInt64(Self.served.utf8.count))
            let stored = try handlers.store.config(tool: "alpha")
            #expect(stored == nil)
        }
    }

    @Test func refreshFetchesAgainAndStoresAChangedDocumentAsANewVersion() async throws {
        try await with { server, handlers in
            server.serve("/tool.yaml", .init(body: Self.served))
            _ = try await handlers.put(Wire.PutConfigRequest(tool: "alpha", source: pointer(server.url("/tool.yaml"))))
            let same = try await handlers.refresh(Wire.RefreshConfigRequest(tool: "alpha"))
            #expect(!same.changed && same.config?.version == 1)
            server.serve("/tool.yaml", .init(body: Self.served.replacingOccurrences(of: "api", with: "web")))
            let changed = try await handlers.refresh(Wire.RefreshConfigRequest(tool: "alpha"))
            #expect(changed.changed && changed.config?.version == 2)
            #expect(changed.config?.canonicalJson.contains("\"web\"") == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test func aConfigWithoutSourceURLIsRefreshedAsStored() async throws {
        try await with { server, handlers in
            _ = try await handlers.put(Wire.PutConfigRequest(tool: "alpha", source: Self.served))
            let answer = try await handlers.refresh(Wire.RefreshConfigRequest(tool: "alpha"))
            #expect(!answer.changed && answer.config?.version == 1 && answer.document == nil)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aFailedFetchAtRefreshStoresNothingAndNamesTheURL() async throws {
        try await with { server, handlers in
            server.serve("/tool.yaml", .init(body: Self.served))
            let url = server.url("/tool.yaml")
            _ = try await handlers.put(Wire.PutConfigRequest(tool: "alpha", source: pointer(url)))
            server.serve("/tool.yaml", .init(status: 503, body: "down\n"))
            await #expect {
                _ = try await handlers.refresh(Wire.RefreshConfigRequest(tool: "alpha"))
            } throws: { error in
                guard let error = error as? RPCError else { return false }
                return error.code == .failedPrecondition && error.message.contains(url) && error.message.contains("HTTP 503")
            }
            #expect(try handlers.store.versions(tool: "alpha").count == 1)
        }
    }

    @Test func anOversizeDocumentIsRefused() async throws {
        try await with { server, handlers in
            server.serve("/big.yaml", .init(body: "# " + String(repeating: "x", count: 1 << 20) + "\n"))
            let url = server.url("/big.yaml")
            let error = try #require(await putError(handlers, pointer(url)))
            let message = try #require(error.violations.first?.message)
            #expect(message.contains(url) && message.contains("larger than the limit of 1048576 bytes"), "\(message)")
        }
    }

    @Test func aSlowServerHitsTheTimeCap() async throws {
        try await with(timeout: .seconds(1)) { server, handlers in
            server.serve("/slow.yaml", .init(body: Self.served, delay: .seconds(4)))
            let url = server.url("/slow.yaml")
            // The server answers after 4 s; an error at all means libcurl gave up first.
            let error = try #require(await putError(handlers, pointer(url)))
            let message = try #require(error.violations.first?.message)
            #expect(message.contains(url) && message.contains("no complete answer within 1 s"), "\(message)")
        }
    }

    @Test func aNon2xxAnswerIsRefused() async throws {
        try await with { server, handlers in
            let url = server.url("/missing.yaml")
            let error = try #require(await putError(handlers, pointer(url)))
            let violation = try #require(error.violations.first)
            #expect(violation.path == "source-url" && violation.line == 1)
            #expect(violation.message.contains(url) && violation.message.contains("HTTP 404"), "\(violation.message)")
        }
    }

    @Test func redirectsAreNotFollowedWhereverTheyPoint() async throws {
        try await with { server, handlers in
            server.serve("/moved.yaml", .init(status: 302, headers: [("Location", "http://169.254.169.254/latest/meta-data")]))
            server.serve("/local.yaml", .init(status: 301, headers: [("Location", server.url("/tool.yaml"))]))
            server.serve("/tool.yaml", .init(body: Self.served))
            let metadata = try #require(await putError(handlers, pointer(server.url("/moved.yaml"))))
            let message = try #require(metadata.violations.first?.message)
            #expect(message.contains("redirect (HTTP 302) to http://169.254.169.254/latest/meta-data") && message.contains("not followed"), "\(message)")
            _ = try #require(await putError(handlers, pointer(server.url("/local.yaml"))))
            #expect(server.requests == ["/moved.yaml", "/local.yaml"])
        }
    }

    @Test func theDefaultPolicyRefusesHTTPAndLoopback() async throws {
        try await with(allowLoopback: false) { server, handlers in
            server.serve("/tool.yaml", .init(body: Self.served))
            let insecure = try #require(await putError(handlers, pointer(server.url("/tool.yaml"))))
            #expect(insecure.violations.first?.message.contains("--allow-insecure-repositories") == true, "\(insecure.violations)")
            let loopback = try #require(await putError(handlers, pointer("https://127.0.0.1:\(server.port)/tool.yaml")))
            #expect(loopback.violations.first?.message.contains("--allow-private-repositories") == true, "\(loopback.violations)")
            let named = try #require(await putError(handlers, pointer("https://localhost:\(server.port)/tool.yaml")))
            #expect(named.violations.first?.message.contains("loopback") == true, "\(named.violations)")
            #expect(server.requests.isEmpty)
        }
    }

    @Test func theFetcherChecksResolvedAddressesUnderTheDefaultPolicy() async throws {
        let local = try await HostResolver.resolve("localhost", within: .seconds(10)).get()
        #expect(!local.isEmpty && local.allSatisfy { $0.nonPublicKind == "loopback" })
        await #expect {
            _ = try await SourceDocumentFetcher.fetch("https://no-such-host.invalid/tool.yaml", policy: SourceFetchPolicy())
        } throws: { error in
            (error as? SourceFetchError)?.code == .unreachable
        }
        if let alias = loopbackAliasFromHostsFile() {
            await #expect {
                _ = try await SourceDocumentFetcher.fetch("https://\(alias)/tool.yaml", policy: SourceFetchPolicy())
            } throws: { error in
                (error as? SourceFetchError).map { $0.code == .refused && $0.problem.contains("resolves to a loopback address") } == true
            }
        }
    }

    @Test func aYAMLErrorInTheFetchedDocumentNamesTheURLLineAndColumn() async throws {
        try await with { server, handlers in
            server.serve("/broken.yaml", .init(body: "config_version: v1beta1\ncomponents:\n  api: [unclosed\n"))
            let url = server.url("/broken.yaml")
            let error = try #require(await putError(handlers, pointer(url)))
            let violation = try #require(error.violations.first)
            #expect(violation.message.hasPrefix("in \(url), line \(violation.line), column \(violation.column): "), "\(violation.message)")
            #expect(violation.line >= 3)
        }
    }

    @Test func aFetchedDocumentsOwnSourceURLIsNotFollowed() async throws {
        try await with { server, handlers in
            server.serve("/tool.yaml", .init(body: "source_url: https://example.org/elsewhere.yaml\n" + Self.served))
            let url = server.url("/tool.yaml")
            let answer = try await handlers.put(Wire.PutConfigRequest(tool: "alpha", source: pointer(url)))
            #expect(answer.warnings.contains { $0.message.contains("it is not followed") })
            #expect(answer.config?.canonicalJson.contains(url) == true)
            #expect(server.requests == ["/tool.yaml"])
        }
    }

    @Test func pinnedAddressesAndTheBodyCapReachLibcurl() async throws {
        try await with { server, _ in
            server.serve("/x", .init(body: String(repeating: "y", count: 100)))
            // A name DNS cannot answer: only the pinned address lets the transfer through.
            let pinned = HTTPRequest(url: "http://pinned.invalid:\(server.port)/x", useProxy: false,
                                     pinnedAddresses: ["pinned.invalid:\(server.port):127.0.0.1"])
            let response = try await CurlHTTPClient.perform(pinned)
            #expect(response.status == 200 && response.body.count == 100)
            var capped = pinned
            capped.maxBodyBytes = 10
            await #expect { _ = try await CurlHTTPClient.perform(capped) } throws: { ($0 as? HTTPClientError)?.isTooLarge == true }
            var httpsOnly = pinned
            httpsOnly.protocols = "https"
            await #expect(throws: HTTPClientError.self) { _ = try await CurlHTTPClient.perform(httpsOnly) }
        }
    }

    @Test func pinsNameTheAddressAndPortLibcurlConnectsTo() {
        #expect(HostResolver.ResolvedAddress.v4(0x7F00_0001).pinText == "127.0.0.1")
        #expect(HostResolver.ResolvedAddress.v6(Array(repeating: 0, count: 15) + [1]).pinText == "[0:0:0:0:0:0:0:1]")
        #expect(SourceDocumentFetcher.port(of: "https://example.org/tool.yaml") == 443)
        #expect(SourceDocumentFetcher.port(of: "http://example.org/tool.yaml") == 80)
        #expect(SourceDocumentFetcher.port(of: "https://example.org:8443/tool.yaml") == 8443)
        #expect(SourceDocumentFetcher.port(of: "https://[2001:db8::1]:444/x") == 444)
        #expect(SourceDocumentFetcher.port(of: "https://[2001:db8::1]/x") == 443)
    }
}
