import ComponentsTesting
import Foundation
import KubernetesBackend
import Testing
import ToolConfig

/// `components manifests`, run as a user runs it.
@Suite struct ManifestsCommandTests {
    func configFile(_ text: String, in folder: ScratchFolder) throws -> String {
        let file = folder.url.appendingPathComponent("components.yaml")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func printsTheGeneratorsObjectsAsOneStream() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try configFile(try ManifestFixtures.toolhuntYAML, in: folder)
        let result = try await CLIRunner.run(["manifests", file, "--tool", "toolhunt", "--allow-local-repositories"], environment: [:])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = ManifestGenerator().objects(for: ManifestInput(tool: "toolhunt", config: try ManifestFixtures.toolhunt, deployID: "offline"))
        #expect(result.stdout == YAMLEmitter.stream(objects.map(\.body)))
        #expect(result.stdout.components(separatedBy: "---\n").count - 1 == objects.count)
        #expect(result.stderr == "")
    }

    @Test func writesOneFilePerObjectInApplyOrder() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try configFile(ManifestFixtures.everyFieldYAML, in: folder)
        let out = folder.url.appendingPathComponent("out/every")
        let result = try await CLIRunner.run(["manifests", file, "--tool", "every", "--out", out.path, "--base-domain", "toolforge.org"], environment: [:])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        var settings = KubernetesSettings()
        settings.baseDomain = "toolforge.org"
        let objects = ManifestGenerator(settings: settings).objects(for: ManifestInput(tool: "every", config: try ManifestFixtures.everyField, deployID: "offline"))
        #expect(names == ManifestGenerator.fileNames(of: objects))
        #expect(names.first == "01-namespace-tool-every.yaml")
        let ingress = try String(contentsOf: out.appendingPathComponent(try #require(names.first { $0.contains("-ingress-") })), encoding: .utf8)
        #expect(ingress.contains("host: every.toolforge.org"))
        #expect(result.stdout == "\(objects.count) manifests written to \(out.path)\n")
        #expect(result.stderr.contains("warning: components.web.run.mount: shared storage is not mounted on Kubernetes"))
    }

    @Test func aBadConfigIsReportedWithItsPathAndLineAndNothingIsWritten() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try configFile("""
            config-version: v0.1
            components:
              api:
                type: continuous
                build: {repository: https://example.org/a.git}
                run:
                  port: 70000
            """, in: folder)
        let out = folder.url.appendingPathComponent("out")
        let result = try await CLIRunner.run(["manifests", file, "--out", out.path], environment: [:])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file):7:"))
        #expect(result.stderr.contains("error: components.api.run.port: port 70000 is out of range"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(result.stdout == "")
    }

    @Test func anOperatorSettingsFileNamesTheObjectsAndFlagsOverrideIt() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try configFile(try ManifestFixtures.toolhuntYAML, in: folder)
        let settings = folder.url.appendingPathComponent("settings.json")
        try Data(#"{"namespacePrefix": "tf-", "ingressClass": "toolforge", "baseDomain": "toolforge.org"}"#.utf8).write(to: settings)
        let result = try await CLIRunner.run(["manifests", file, "--tool", "toolhunt", "--allow-local-repositories",
                                              "--settings", settings.path, "--base-domain", "example.net"], environment: [:])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("namespace: tf-toolhunt\n"))
        #expect(result.stdout.contains("ingressClassName: toolforge\n"))
        #expect(result.stdout.contains("host: toolhunt.example.net\n"))
        #expect(!result.stdout.contains("host: toolhunt.toolforge.org"))
    }

    @Test func anUnreadableOrInvalidSettingsFileIsAUsageError() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try configFile(ManifestFixtures.everyFieldYAML, in: folder)
        let missing = try await CLIRunner.run(["manifests", file, "--settings", folder.url.appendingPathComponent("none.json").path], environment: [:])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.json: cannot be read"))
        let settings = folder.url.appendingPathComponent("settings.json")
        try Data(#"{"jobTTLSeconds": "a day"}"#.utf8).write(to: settings)
        let invalid = try await CLIRunner.run(["manifests", file, "--settings", settings.path], environment: [:])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("settings.json: not valid settings JSON"))
        #expect(invalid.stdout == "")
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let missing = try await CLIRunner.run(["manifests", "/nonexistent/components.yaml"], environment: [:])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file"))
        let badTool = try await CLIRunner.run(["manifests", "x.yaml", "--tool", "Not_A_Label"], environment: [:])
        #expect(badTool.status == 2)
        #expect(badTool.stderr.contains("not a valid tool name"))
    }

    @Test func helpExplainsTheOutput() async throws {
        let result = try await CLIRunner.run(["manifests", "--help"], environment: [:])
        #expect(result.status == 0)
        #expect(result.stdout.contains("multi-document YAML stream"))
        #expect(result.stdout.contains("--out <DIR>"))
        #expect(result.stdout.contains("--tool <tool>"))
    }
}
