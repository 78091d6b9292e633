import Foundation
import Protocol
import Testing

@testable import ConfigService

/// The config service validates repositories under its operator's flags: private hosts
/// and http:// or git:// are refused, with the path and line, unless allowed.
@Suite struct RepositoryPolicyTests {
    private let source = """
        config-version: v0.1
        components:
          api:
            type: continuous
            build: {repository: http://169.254.169.254/latest, ref: main}
            run: {command: api, port: 5000}
        """

    private func validate(allowPrivate: Bool, allowInsecure: Bool) async throws -> Wire.ValidateConfigResponse {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ConfigStore(path: folder.appendingPathComponent("config.sqlite").path)
        let handlers = ConfigServiceHandlers(store: store, images: ImageRegistry(), allowLocalRepositories: false,
                                             allowPrivateRepositories: allowPrivate, allowInsecureRepositories: allowInsecure)
        return await handlers.validate(Wire.ValidateConfigRequest(source: source))
    }

    @Test func privateAndInsecureRepositoriesNeedTheOperatorsFlags() async throws {
        let strict = try await validate(allowPrivate: false, allowInsecure: false)
        #expect(!strict.valid)
        #expect(strict.errors.map(\.path) == ["components.api.build.repository"])
        #expect(strict.errors.first?.line == 5)
        #expect(strict.errors.first?.message.contains("--allow-insecure-repositories") == true)

        let insecure = try await validate(allowPrivate: false, allowInsecure: true)
        #expect(insecure.errors.first?.message.contains("--allow-private-repositories") == true, "\(insecure.errors)")

        let open = try await validate(allowPrivate: true, allowInsecure: true)
        #expect(open.valid, "\(open.errors)")
    }
}
