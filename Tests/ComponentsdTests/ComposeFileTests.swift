import Foundation
@testable import componentsd
@testable import componentsd_executor
import Testing
import ToolConfig

/// compose.yaml cannot run here (no Docker engine); it must at least parse, name the four
/// services with commands `componentsd` (or, for the executor, `componentsd-executor`)
/// accepts, and wire them as the design says.
@Suite struct ComposeFileTests {
    private func load() throws -> YAMLNode {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../compose.yaml").standardized
        return try YAMLParser.parse(try String(contentsOf: file, encoding: .utf8)).root
    }

    private func value(_ node: YAMLNode?, _ key: String) -> YAMLNode? {
        node?.mappingEntries?.first { $0.key.scalar?.value == key }?.value
    }

    @Test func namesEveryServiceWithItsCommandVolumesAndHealthcheck() throws {
        let root = try load()
        let services = try #require(value(root, "services"))
        let names = services.mappingEntries?.compactMap { $0.key.scalar?.value } ?? []
        #expect(names.sorted() == ["config", "executor", "gateway", "planner", "router"])
        for name in names {
            let service = value(services, name)
            let command = value(service, "command")?.sequenceItems?.compactMap { $0.scalar?.value } ?? []
            let entrypoint = value(service, "entrypoint")?.sequenceItems?.compactMap { $0.scalar?.value }
            if name == "executor" {
                #expect(entrypoint == ["componentsd-executor"], "the executor runs its own smaller executable")
            } else {
                #expect(entrypoint == nil && command.first == name, "\(name) runs `componentsd \(name)`")
            }
            #expect(command.contains(name == "router" ? "--router-listen" : "--listen"))
            #expect(command.contains("--service-token-file"), "\(name) listens beyond loopback, so it needs the token")
            #expect(value(service, "healthcheck") != nil, "\(name) has a healthcheck")
            #expect(value(service, "init")?.scalar?.value == "true", "\(name) runs an init as PID 1 that reaps exited children")
        }
        #expect(value(value(services, "config"), "volumes") != nil)
        #expect(value(value(services, "executor"), "volumes") != nil)
        let gatewayDepends = value(value(services, "gateway"), "depends_on")?.mappingEntries?.compactMap { $0.key.scalar?.value } ?? []
        #expect(gatewayDepends.sorted() == ["config", "executor", "planner"])
        for dependency in gatewayDepends {
            #expect(value(value(value(value(services, "gateway"), "depends_on"), dependency), "condition")?.scalar?.value == "service_healthy")
        }
        #expect(value(value(root, "secrets"), "service-token") != nil)
        // The router reaches components on the executor's loopback, so it shares its network.
        #expect(value(value(services, "router"), "network_mode")?.scalar?.value == "service:executor")
    }

    @Test func everyCommandParsesAndValidates() throws {
        let services = try #require(value(try load(), "services"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = folder.appendingPathComponent("token")
        try "a-shared-service-token".write(to: token, atomically: true, encoding: .utf8)
        let images = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/images.yaml").standardized
        for entry in services.mappingEntries ?? [] {
            // The container paths, mapped to files that exist here.
            let command = (value(entry.value, "command")?.sequenceItems?.compactMap { $0.scalar?.value } ?? []).map {
                switch $0 {
                case "/run/secrets/service-token": token.path
                case "/etc/components/images.yaml": images.path
                case "/state": folder.path
                default: $0
                }
            }
            // Unknown options, bad addresses and unreadable files are refused here.
            if value(entry.value, "entrypoint") != nil {
                #expect(throws: Never.self, "\(command)") { _ = try ComponentsdExecutor.parseAsRoot(command) }
            } else {
                #expect(throws: Never.self, "\(command)") { _ = try Componentsd.parseAsRoot(command) }
            }
        }
    }
}
