import Foundation
@testable import Gateway
import Hummingbird
import Testing

/// The served document is valid OpenAPI 3.1 and names every route.
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
        let document = OpenAPIDocument.yaml
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
}
