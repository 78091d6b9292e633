import ComponentsTesting
import Foundation
import KubernetesBackend
import Testing
import ToolConfig

/// Layer 1 of the Kubernetes backend's tests: the schema. Every manifest the generator emits
/// for its fixtures passes `kubernetes-validate --strict` for the newest Kubernetes version
/// the installed package knows. No API server is involved.
@Suite struct ManifestSchemaTests {
    let generator = ManifestGenerator()

    func write(_ objects: [KubernetesObject], named name: String, in folder: URL) throws -> String {
        let file = folder.appendingPathComponent(name)
        try Data(YAMLEmitter.stream(objects.map(\.body)).utf8).write(to: file)
        return file.path
    }

    @Test func theValidatorRejectsAnUnknownFieldSoAPassMeansSomething() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        var objects = generator.objects(for: ManifestInput(tool: "toolhunt", config: try ManifestFixtures.toolhunt, deployID: "d"))
        objects[0].body = objects[0].body.updating(["spec"]) { $0["unknownField"] = 1 }
        let file = try write(objects, named: "broken.yaml", in: folder.url)
        let report = try await KubernetesValidator.validate([file], version: try await KubernetesValidator.newestVersion())
        #expect(report.status != 0)
        #expect(report.passed == objects.count - 1)
        #expect(report.problems.count == 1 && report.problems[0].contains("unknownField"), "\(report.problems)")
    }

    @Test func theToolhuntExampleAndTheEveryFieldConfigPass() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let toolhunt = generator.objects(for: ManifestInput(tool: "toolhunt", config: try ManifestFixtures.toolhunt, deployID: "20261202-090000-abcdefghij"))
        let every = generator.objects(for: ManifestInput(tool: "every", config: try ManifestFixtures.everyField, deployID: "20261202-090000-abcdefghij"))
        let files = [try write(toolhunt, named: "toolhunt.yaml", in: folder.url), try write(every, named: "every.yaml", in: folder.url)]
        let report = try await KubernetesValidator.validate(files, version: try await KubernetesValidator.newestVersion())
        #expect(report.problems == [])
        #expect(report.status == 0)
        #expect(report.passed == toolhunt.count + every.count)
        #expect(Set(every.map(\.kind)) == ["Namespace", "ServiceAccount", "LimitRange", "ResourceQuota", "NetworkPolicy",
                                           "Deployment", "Service", "Ingress", "Job", "CronJob"])
    }

    /// 1,000 seeded random configs, one stream file each, validated by two processes at once
    /// (one per core) that read each schema file once, so the run stays well under a minute.
    @Test func athousandRandomConfigsPass() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (files, objectCount) = try writeRandomConfigs(1...1_000, in: folder)
        let version = try await KubernetesValidator.newestVersion()
        let started = ContinuousClock.now
        let halves = [Array(files[..<500]), Array(files[500...])]
        let reports = try await withThrowingTaskGroup(of: KubernetesValidator.Report.self) { group in
            for half in halves { group.addTask { try await KubernetesValidator.validateReadingSchemasOnce(half, version: version) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let problems = reports.flatMap(\.problems)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        #expect(reports.allSatisfy { $0.status == 0 })
        #expect(reports.map(\.passed).reduce(0, +) == objectCount)
        print("kubernetes-validate \(version): \(objectCount) manifests of 1000 random configs in \(ContinuousClock.now - started)")
    }

    /// Reading schemas once changes nothing but time: on passing and failing files alike it
    /// prints what the `kubernetes-validate` command prints.
    @Test func readingSchemasOnceReportsWhatTheCommandReports() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        var (files, _) = try writeRandomConfigs(2_001...2_010, in: folder)
        var objects = generator.objects(for: ManifestInput(tool: "toolhunt", config: try ManifestFixtures.toolhunt, deployID: "d"))
        let deployment = try #require(objects.firstIndex { $0.kind == "Deployment" })
        objects[deployment].body = objects[deployment].body.updating(["spec", "strategy"]) { $0["maxUnavailable"] = 0 }
        files.append(try write(objects, named: "broken.yaml", in: folder.url))
        let version = try await KubernetesValidator.newestVersion()
        let command = try await KubernetesValidator.validate(files, version: version)
        let cached = try await KubernetesValidator.validateReadingSchemasOnce(files, version: version)
        #expect(command.passed == cached.passed)
        #expect(command.problems == cached.problems)
        #expect(command.problems.count == 1 && command.problems[0].contains("maxUnavailable"), "\(command.problems)")
        #expect(command.status == cached.status && command.status != 0)
    }

    private func writeRandomConfigs(_ seeds: ClosedRange<UInt64>, in folder: ScratchFolder) throws -> (files: [String], objects: Int) {
        var files: [String] = []
        var objectCount = 0
        for seed in seeds {
            let input = ManifestInput(tool: RandomToolConfigs.tool(seed: seed), config: RandomToolConfigs.make(seed: seed),
                                      deployID: "20261202-090000-\(seed)")
            let objects = generator.objects(for: input)
            objectCount += objects.count
            files.append(try write(objects, named: "random-\(seed).yaml", in: folder.url))
        }
        return (files, objectCount)
    }
}
