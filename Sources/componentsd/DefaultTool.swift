import ConfigService
import Foundation
import Logging

/// `componentsd all` is a laptop mode: on first start it creates a tool and writes its token
/// and the gateway's URL to the CLI's config file, so `components` works at once.
enum DefaultTool {
    /// `~/.config/components/config.yaml`.
    static var cliConfigFile: URL {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/components/config.yaml")
    }

    static func ensure(_ tool: String, stateDirectory: String, url: String, cliConfig: URL, logger: Logger) {
        do {
            let store = try ConfigStore(path: URL(fileURLWithPath: stateDirectory).appendingPathComponent("config.sqlite").path)
            guard try !store.toolExists(tool) else {
                try updateURL(url, in: cliConfig)
                return
            }
            let token = try store.createTool(name: tool)
            try FileManager.default.createDirectory(at: cliConfig.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = "# Written by `componentsd all` for the tool \(tool).\nurl: \(url)\ntoken: \(token)\ntool: \(tool)\n"
            _ = FileManager.default.createFile(atPath: cliConfig.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            logger.notice("created the tool \(tool); the CLI's config is in \(cliConfig.path)")
        } catch {
            logger.error("could not set up the default tool \(tool): \(error)")
        }
    }

    /// Keeps the URL current when the gateway moved (another port).
    private static func updateURL(_ url: String, in file: URL) throws {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("url: ") ? "url: \(url)" : String($0) }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        // It holds a token: the rewritten file stays private, whatever the umask.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }
}
