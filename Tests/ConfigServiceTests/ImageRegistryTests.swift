import ConfigService
import Foundation
import Protocol
import Testing

@Suite struct ImageRegistryTests {
    private let sample = """
        python3.11:
          state: default
          aliases: [tf-python311]
          variants:
            local: {image: python3.11}
            kubernetes: {image: registry.example/python311}
        python3.9:
          state: deprecated
          aliases: [tf-python39]
          variants:
            local: {image: python3.9}
        """

    @Test func aliasesResolveButAreNeverListed() throws {
        let registry = try ImageRegistry.parse(sample)
        let resolved = try registry.resolve("tf-python311", consumer: "kubernetes")
        #expect(resolved.reference == "registry.example/python311")
        #expect(resolved.image?.name == "python3.11")
        #expect(registry.listed(includeDeprecated: true).allSatisfy { $0.aliases.isEmpty })
    }

    @Test func deprecatedImagesWarnAndAreListedOnlyOnRequest() throws {
        let registry = try ImageRegistry.parse(sample)
        #expect(try registry.resolve("python3.9", consumer: "local").warnings.first?.contains("deprecated") == true)
        #expect(registry.listed(includeDeprecated: false).map(\.name) == ["python3.11"])
        #expect(registry.listed(includeDeprecated: true).map(\.name) == ["python3.11", "python3.9"])
    }

    @Test func unknownImageListsTheValidNames() throws {
        let registry = try ImageRegistry.parse(sample)
        do throws(RPCError) {
            _ = try registry.resolve("ruby", consumer: "local")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("python3.11"))
        }
    }

    @Test func problemsCarryTheirLine() {
        let bad = """
            python3.11:
              state: shiny
              variants:
                local: {image: python3.11}
            """
        do {
            _ = try ImageRegistry.parse(bad, file: "images.yaml")
            Issue.record("expected an error")
        } catch let error as ImageRegistryError {
            #expect(error.problems.first?.hasPrefix("images.yaml:2:10:") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theSampleShippedInTheRepositoryLoads() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/images.yaml").standardized.path
        let registry = try ImageRegistry.load(path: path)
        #expect(registry.images.count >= 2)
        #expect(registry.images.contains { $0.state == .deprecated })
    }
}
