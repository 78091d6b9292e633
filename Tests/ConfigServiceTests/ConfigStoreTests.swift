import Foundation
import GRDB
import Testing

@testable import ConfigService

@Suite struct ConfigStoreTests {
    private func temporaryDatabase() -> (path: String, cleanup: () -> Void) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder.appendingPathComponent("config.sqlite").path, { try? FileManager.default.removeItem(at: folder) })
    }

    /// Tokens and configs are synced on every commit, so a revoked token stays revoked after
    /// a power loss (WAL's default, NORMAL, may lose the last commits).
    @Test func everyConnectionSyncsFully() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let pool = try ConfigDatabase.open(path: path)
        #expect(try pool.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        #expect(try pool.write { try Int.fetchOne($0, sql: "PRAGMA secure_delete") } == 1)
    }

    @Test func everyVersionIsKeptAndAnUnchangedConfigMakesNoNewVersion() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        let first = try store.putConfig(tool: "toolhunt", source: "a", canonicalJSON: "{}", hash: "h1")
        #expect(first.changed && first.record.version == 1)
        let same = try store.putConfig(tool: "toolhunt", source: "a, reformatted", canonicalJSON: "{}", hash: "h1")
        #expect(!same.changed && same.record.version == 1)
        let second = try store.putConfig(tool: "toolhunt", source: "b", canonicalJSON: "{\"x\":1}", hash: "h2")
        #expect(second.changed && second.record.version == 2)
        #expect(try store.versions(tool: "toolhunt").map(\.version) == [2, 1])
        #expect(try store.config(tool: "toolhunt")?.source == "b")
        #expect(try store.config(tool: "toolhunt", version: 1)?.source == "a")
        #expect(try store.config(tool: "other") == nil)
    }

    @Test func restartKeepsEverything() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let token: String
        do {
            let store = try ConfigStore(path: path)
            token = try store.createTool(name: "toolhunt")
            _ = try store.putConfig(tool: "toolhunt", source: "a", canonicalJSON: "{}", hash: "h1")
            _ = try store.putConfig(tool: "toolhunt", source: "b", canonicalJSON: "{}", hash: "h2")
        }
        let reopened = try ConfigStore(path: path)
        #expect(try reopened.versions(tool: "toolhunt").count == 2)
        #expect(try reopened.authenticate(token: token)?.tool == "toolhunt")
    }

    @Test func deleteHidesTheConfigButKeepsItsVersionsAndNumbering() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        _ = try store.putConfig(tool: "t", source: "a", canonicalJSON: "{}", hash: "h1")
        #expect(try store.deleteConfig(tool: "t") == 1)
        #expect(try store.config(tool: "t") == nil)
        #expect(try store.deleteConfig(tool: "t") == 0)
        #expect(try store.config(tool: "t", version: 1)?.source == "a")
        let again = try store.putConfig(tool: "t", source: "a", canonicalJSON: "{}", hash: "h1")
        #expect(again.changed && again.record.version == 2)
    }

    @Test func purgeErasesEveryVersionWithItsSecrets() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        _ = try store.putConfig(tool: "t", source: "env: {PASSWORD: one}", canonicalJSON: "{}", hash: "h1")
        #expect(try store.deleteConfig(tool: "t") == 1)
        _ = try store.putConfig(tool: "t", source: "env: {PASSWORD: two}", canonicalJSON: "{}", hash: "h2")
        #expect(try store.deleteConfig(tool: "t", purge: true) == 2)
        #expect(try store.versions(tool: "t").isEmpty)
        #expect(try store.deleteConfig(tool: "t", purge: true) == 0)
    }

    @Test func aPurgeNeverLetsAVersionNumberNameAnotherConfig() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        _ = try store.createTool(name: "t")
        _ = try store.putConfig(tool: "t", source: "a", canonicalJSON: "{}", hash: "h1")
        _ = try store.putConfig(tool: "t", source: "b", canonicalJSON: "{}", hash: "h2")
        #expect(try store.deleteConfig(tool: "t", purge: true) == 2)
        // Deployments recorded versions 1 and 2; the next config is 3, also after a reopen.
        #expect(try store.putConfig(tool: "t", source: "c", canonicalJSON: "{}", hash: "h3").record.version == 3)
        #expect(try store.deleteConfig(tool: "t", purge: true) == 1)
        let reopened = try ConfigStore(path: path)
        #expect(try reopened.putConfig(tool: "t", source: "d", canonicalJSON: "{}", hash: "h4").record.version == 4)
    }

    @Test func aDeployTokenStopsWorkingAfter365Days() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        let toolToken = try store.createTool(name: "toolhunt")
        let issued = try store.issueDeployToken(tool: "toolhunt", replace: false)
        let day: Int64 = 86_400_000
        let lastDay = issued.creationTimeMs + 365 * day - 1
        #expect(try store.authenticate(token: issued.token, nowMs: lastDay)?.kind == .deploy)
        #expect(try store.authenticate(token: issued.token, nowMs: lastDay + 1) == nil)
        // The tool token has no such lifetime.
        #expect(try store.authenticate(token: toolToken, nowMs: lastDay + 10 * 365 * day)?.kind == .tool)
    }

    @Test func tokensAreStoredOnlyAsHashes() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        let toolToken = try store.createTool(name: "toolhunt")
        let deployToken = try store.issueDeployToken(tool: "toolhunt", replace: false).token
        #expect(try store.authenticate(token: toolToken).map { "\($0.tool) \($0.kind)" } == "toolhunt tool")
        #expect(try store.authenticate(token: deployToken).map { "\($0.tool) \($0.kind)" } == "toolhunt deploy")
        // Neither plain token (nor its secret part) is anywhere in the database files.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            for token in [toolToken, deployToken] {
                let secret = String(token.split(separator: "_", maxSplits: 2).last ?? "") // prefix_tool_secret; the secret may hold "_"
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds a plain token")
            }
        }
    }

    @Test func wrongAndMalformedTokensGrantNothing() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        let token = try store.createTool(name: "toolhunt")
        var altered = Array(token)
        altered[altered.count - 1] = altered.last == "A" ? "B" : "A"
        #expect(try store.authenticate(token: String(altered)) == nil)
        #expect(try store.authenticate(token: "") == nil)
        #expect(try store.authenticate(token: "ctt_toolhunt_short") == nil)
        #expect(try store.authenticate(token: token.replacingOccurrences(of: "ctt_", with: "cdt_")) == nil)
    }

    @Test func deployTokenRotationInvalidatesTheOldOne() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        _ = try store.createTool(name: "t")
        let old = try store.issueDeployToken(tool: "t", replace: false).token
        #expect(throws: (any Error).self) { _ = try store.issueDeployToken(tool: "t", replace: false) }
        let new = try store.issueDeployToken(tool: "t", replace: true).token
        #expect(try store.authenticate(token: old) == nil)
        #expect(try store.authenticate(token: new)?.tool == "t")
        #expect(try store.deleteDeployToken(tool: "t"))
        #expect(try store.authenticate(token: new) == nil)
        #expect(try !store.deleteDeployToken(tool: "t"))
    }

    @Test func creatingAToolTwiceIsRefused() throws {
        let (path, cleanup) = temporaryDatabase()
        defer { cleanup() }
        let store = try ConfigStore(path: path)
        _ = try store.createTool(name: "t")
        #expect(throws: (any Error).self) { _ = try store.createTool(name: "t") }
    }
}
