import Foundation
import ServiceHosting
import Testing

/// The service token file every service reads: made once, private, never trusted when others
/// can read it or when it is not a plain file.
@Suite struct ServiceTokenFileTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("service-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theFirstReadMakesAPrivateTokenThatLaterReadsShare() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("service-token").path
        let first = try ServiceTokenFile.readOrCreate(path)
        #expect(first.count == 64)
        #expect(try ServiceTokenFile.readOrCreate(path) == first)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["service-token"])
    }

    @Test func servicesStartingAtOnceAgreeOnOneToken() async throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("service-token").path
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try ServiceTokenFile.readOrCreate(path) } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens.count == 1)
    }

    @Test func aTokenOthersCanReadIsRefused() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("service-token").path
        FileManager.default.createFile(atPath: path, contents: Data("leaked\n".utf8), attributes: [.posixPermissions: 0o644])
        #expect { try ServiceTokenFile.readOrCreate(path) } throws: { "\($0)".contains("chmod 600") }
    }

    @Test func aSymlinkInPlaceOfTheTokenIsRefused() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("elsewhere").path
        FileManager.default.createFile(atPath: target, contents: Data("chosen-by-someone-else\n".utf8), attributes: [.posixPermissions: 0o600])
        let path = root.appendingPathComponent("service-token").path
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        #expect { try ServiceTokenFile.readOrCreate(path) } throws: { "\($0)".contains("not a regular file") }
    }

    @Test func anEmptyOrMissingGivenFileIsAnError() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appendingPathComponent("empty").path
        FileManager.default.createFile(atPath: empty, contents: Data("\n".utf8))
        #expect { try ServiceTokenFile.read(empty) } throws: { "\($0)".contains("is empty") }
        #expect { try ServiceTokenFile.read(root.appendingPathComponent("missing").path) } throws: { "\($0)".contains("cannot read") }
    }
}
