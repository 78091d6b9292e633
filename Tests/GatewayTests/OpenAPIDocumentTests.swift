import ComponentsTesting
import Foundation
@testable import Gateway
import Hummingbird
import Protocol
import Testing
import ToolConfig

/// The served document is the resource file, valid OpenAPI 3.1, and names exactly the routes.
@Suite struct OpenAPIDocumentTests {
    @Test func servedDocumentPassesOpenAPISpecValidator() async throws {
        try await GatewayHarness.run { gateway in
            let response = try await gateway.raw(.get, "/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-openapi-\(UUID().uuidString).yaml")
            try Data(buffer: response.body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }

            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "openapi_spec_validator", file.path]
            // Output to a file and a polling wait: a blocking wait would hold one of the few
            // threads every parallel test shares.
            let log = file.appendingPathExtension("log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: log) }
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            try handle.close()
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "openapi-spec-validator: \(text)")
        }
    }

    @Test func documentNamesEveryRouteAndMethod() {
        let document = String(buffer: OpenAPIDocument.yaml)
        let routes: [(String, [String])] = [
            ("/v1/healthz", ["get"]),
            ("/openapi.yaml", ["get"]),
            ("/metrics", ["get"]),
            ("/v1/images", ["get"]),
            ("/v1/tool/{tool}/config", ["get", "post", "delete"]),
            ("/v1/tool/{tool}/config/validate", ["post"]),
            ("/v1/tool/{tool}/deployment", ["get", "post"]),
            ("/v1/tool/{tool}/deployment/latest", ["get"]),
            ("/v1/tool/{tool}/deployment/token", ["get", "post", "put", "delete"]),
            ("/v1/tool/{tool}/deployment/{deploy_id}", ["get", "delete"]),
            ("/v1/tool/{tool}/deployment/{deploy_id}/cancel", ["put"]),
            ("/v1/tool/{tool}/deployment/{deploy_id}/logs", ["get"]),
            ("/v1/tool/{tool}/auto-deploy", ["get"]),
            ("/v1/tool/{tool}/webhook-secret", ["get", "post", "delete"]),
            ("/v1/tool/{tool}/webhook/github", ["post"]),
            ("/v1/tool/{tool}/webhook/gitlab", ["post"]),
        ]
        let lines = document.split(separator: "\n").map(String.init)
        for (path, methods) in routes {
            guard let start = lines.firstIndex(of: "  \(path):") else {
                Issue.record("\(path) is not documented")
                continue
            }
            let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  /") || !$0.hasPrefix(" ") } ?? lines.endIndex
            let section = lines[start..<end]
            for method in methods {
                #expect(section.contains("    \(method):"), "\(method) \(path) is not documented")
            }
        }
    }

    @Test func bothPrefixesServeTheResourceFileByteForByte() async throws {
        // The file in the source tree, so a resource rule that rewrote it would show.
        let source = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Gateway/OpenAPI/openapi.yaml")
        let file = try Data(contentsOf: source)
        #expect(Data(buffer: OpenAPIDocument.yaml) == file)
        try await GatewayHarness.run { gateway in
            for prefix in GatewayApplication.pathPrefixes {
                let response = try await gateway.raw(.get, "\(prefix)/openapi.yaml")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
                #expect(Data(buffer: response.body) == file, "\(prefix)/openapi.yaml differs from openapi.yaml")
            }
        }
    }

    /// Every documented operation is routed under every prefix, and every routed one is
    /// documented: the document describes each of our routes once (its description says
    /// they are served under `/components` too), and the `/components/v1` routes, which
    /// answer in upstream's shapes, on their own.
    @Test func documentedOperationsAreExactlyTheRoutedOnes() throws {
        let documented = try Self.documentedOperations()
        let expected = Set(documented.flatMap { operation in
            let prefixes = operation.path.hasPrefix("/components/") ? [""] : GatewayApplication.pathPrefixes
            return prefixes.map { "\(operation.method) \(Self.unnamingParameters($0 + operation.path))" }
        })
        let routed = Set(Self.routedOperations().map(Self.unnamingParameters))
        #expect(!documented.isEmpty)
        #expect(routed.subtracting(expected).sorted() == [], "routed but not documented")
        #expect(expected.subtracting(routed).sorted() == [], "documented but not routed")
    }

    /// `(METHOD, path)` of each operation under `paths` in the served document.
    static func documentedOperations() throws -> [(method: String, path: String)] {
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        let document = try YAMLParser.parse(String(buffer: OpenAPIDocument.yaml))
        let root = try #require(document.root.mappingEntries)
        let paths = try #require(root.first { $0.key.scalar?.value == "paths" }?.value.mappingEntries)
        return try paths.flatMap { entry in
            let path = try #require(entry.key.scalar?.value)
            let item = try #require(entry.value.mappingEntries, "\(path) is not a mapping")
            // Other keys of a path item (parameters, summary) are not operations.
            return item.compactMap { $0.key.scalar?.value }.filter(methods.contains).map { (method: $0.uppercased(), path: path) }
        }
    }

    /// The path with each `{name}` as `{}`: a parameter's name is not part of what is
    /// matched, and the router calls `{deploy_id}` of the document `{id}`.
    static func unnamingParameters(_ path: String) -> String {
        path.replacing(/\{[^}\/]*\}/, with: "{}")
    }

    /// `METHOD path` of each route of the gateway's router, as Hummingbird lists them.
    static func routedOperations() -> Set<String> {
        let unused = ServiceAddress(host: "127.0.0.1", port: 1)
        let configuration = GatewayConfiguration(httpAddress: unused, configService: unused, plannerService: unused, executorService: unused, serviceToken: testServiceToken)
        // Nothing connects until a call, and building the router makes none.
        let backends = BackendClients(configuration: configuration, logger: silentLogger)
        defer { backends.close() }
        let router = GatewayApplication.makeRouter(configuration: configuration, backends: backends, metrics: GatewayMetrics())
        return Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
    }
}
