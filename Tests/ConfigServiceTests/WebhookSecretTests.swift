import Foundation
import GRDB
import Protocol
import Testing

@testable import ConfigService

/// Webhook secrets: shown once, sealed at rest under a 0600 key file, checked in constant time.
@Suite struct WebhookSecretTests {
    private func temporaryFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("webhook-secret-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theSecretIsSealedAtRestUnderAPrivateKeyFile() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config.sqlite").path
        let store = try ConfigStore(path: path)
        #expect(try store.webhookSecret(tool: "hooked") == nil)
        let (secret, time) = try store.createWebhookSecret(tool: "hooked")
        #expect(secret.hasPrefix("whsec_") && secret.count == 49)
        #expect(try store.webhookSecretCreationTime(tool: "hooked") == time)
        #expect(throws: RPCError.self) { try store.createWebhookSecret(tool: "hooked") }

        let key = folder.appendingPathComponent(WebhookSecretKey.fileName)
        #expect(try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int == 0o600)
        #expect(try Data(contentsOf: key).count == 32)
        let sealed = try DatabaseQueue(path: path).read { try Data.fetchOne($0, sql: "SELECT sealed_secret FROM webhook_secrets") }
        #expect(sealed.map { $0.range(of: Data(secret.utf8)) == nil } == true, "stored encrypted")

        // A restarted service opens it with the same key file.
        #expect(try ConfigStore(path: path).webhookSecret(tool: "hooked") == secret)
        // Another key cannot.
        try Data(repeating: 7, count: 32).write(to: key)
        #expect(throws: RPCError.self) { try store.webhookSecret(tool: "hooked") }

        #expect(try store.deleteWebhookSecret(tool: "hooked"))
        #expect(try !store.deleteWebhookSecret(tool: "hooked"))
        #expect(try store.webhookSecretCreationTime(tool: "hooked") == nil)
    }

    /// A webhook secret is no bearer token.
    @Test func theSecretAuthenticatesNothing() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ConfigStore(path: folder.appendingPathComponent("config.sqlite").path)
        _ = try store.createTool(name: "hooked")
        let (secret, _) = try store.createWebhookSecret(tool: "hooked")
        #expect(try store.authenticate(token: secret) == nil)
    }

    @Test func githubSignaturesAreHMACSHA256OfTheRawBody() {
        // The example of GitHub's documentation ("Validating webhook deliveries").
        let body = Data("Hello, World!".utf8)
        let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        #expect(WebhookSignature.github(body: body, secret: "It's a Secret to Everybody") == signature)
        #expect(WebhookSignature.isValid(provider: "github", body: body, signature: signature, secret: "It's a Secret to Everybody"))
        #expect(WebhookSignature.isValid(provider: "github", body: body, signature: signature.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="),
                                         secret: "It's a Secret to Everybody"))
        #expect(!WebhookSignature.isValid(provider: "github", body: body + Data(" ".utf8), signature: signature, secret: "It's a Secret to Everybody"))
        #expect(!WebhookSignature.isValid(provider: "github", body: body, signature: signature, secret: "another"))
        #expect(!WebhookSignature.isValid(provider: "github", body: body, signature: String(signature.dropFirst(7)), secret: "It's a Secret to Everybody"))
        #expect(!WebhookSignature.isValid(provider: "github", body: body, signature: "", secret: "It's a Secret to Everybody"))
    }

    @Test func gitlabTokensAreTheSecret() {
        #expect(WebhookSignature.isValid(provider: "gitlab", body: Data(), signature: "whsec_abc", secret: "whsec_abc"))
        #expect(!WebhookSignature.isValid(provider: "gitlab", body: Data(), signature: "whsec_abd", secret: "whsec_abc"))
        #expect(!WebhookSignature.isValid(provider: "gitlab", body: Data(), signature: "", secret: "whsec_abc"))
        #expect(!WebhookSignature.isValid(provider: "bitbucket", body: Data(), signature: "whsec_abc", secret: "whsec_abc"))
    }
}
