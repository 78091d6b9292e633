import ComponentsTesting
import Foundation
import Testing

/// Every route the OpenAPI document names, called by schemathesis (from PyPI) against a
/// running stack with bounded examples and time: no answer may be a server error or break
/// the document's response schemas.
@Suite struct ContractTests {
    @Test func everyDocumentedRouteKeepsItsContract() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cli = folder.appendingPathComponent("cli.yaml")
        let stack = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", folder.appendingPathComponent("state").path,
                        "--cli-config", cli.path, "--default-tool", "toolhunt", "--stop-components-on-exit", "--log-level", "error"],
            waitingFor: ["gateway"])
        defer { stack.kill() }
        var token = ""
        for _ in 0..<100 where token.isEmpty {
            token = ((try? String(contentsOf: cli, encoding: .utf8)) ?? "").split(separator: "\n")
                .first { $0.hasPrefix("token: ") }.map { String($0.dropFirst(7)) } ?? ""
            if token.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        let gateway = try #require(stack.addresses["gateway"])
        // runOnce throws when schemathesis exits non-zero, which it does on any failed check.
        let report = try await ComponentsdProcess.runOnce(
            ["schemathesis", "run", "http://\(gateway)/openapi.yaml", "-H", "Authorization: Bearer \(token)",
             "--max-examples", "5", "--max-time", "45", "--request-timeout", "10",
             "--checks", "not_a_server_error,response_schema_conformance"],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(report.contains("passed"), "\(report)")
        // Every documented operation was called, the /components/v1 ones included.
        let selected = Self.count(after: "Selected: ", in: report)
        #expect(selected != nil && Self.count(after: "Tested: ", in: report) == selected, "\(report)")
        #expect((selected ?? 0) >= 39, "\(report)")
        await stack.stop()
    }

    /// The number after `label` in schemathesis's summary (`Selected: 39/39` gives 39).
    private static func count(after label: String, in report: String) -> Int? {
        guard let range = report.range(of: label) else { return nil }
        return Int(report[range.upperBound...].prefix { $0.isNumber })
    }
}
