import Foundation

/// A git repository in a temporary folder, for tests that build from `file://` URLs.
public struct TemporaryGitRepository: Sendable {
    /// The repository folder.
    public let folder: URL
    /// Its `file://` URL.
    public var url: String { "file://\(folder.path)" }

    /// Creates an empty repository with branch `main` under `parent`.
    public init(in parent: URL, name: String) throws {
        folder = parent.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.git(["init", "-q", "-b", "main"], in: folder)
    }

    /// Writes files (path → contents) and commits them; answers the new commit.
    @discardableResult
    public func commit(_ files: [String: String], message: String = "change") throws -> String {
        for (path, contents) in files {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: file, atomically: true, encoding: .utf8)
        }
        try Self.git(["add", "-A"], in: folder)
        try Self.git(["-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "--allow-empty", "-m", message], in: folder)
        return try Self.git(["rev-parse", "HEAD"], in: folder).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Points branch `name` at `commit` by writing its ref file, as a push does, without
    /// starting a process: a test can move a branch many times a second, on time.
    public func moveBranch(_ name: String, to commit: String) throws {
        let ref = folder.appendingPathComponent(".git/refs/heads/\(name)")
        try FileManager.default.createDirectory(at: ref.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((commit + "\n").utf8).write(to: ref, options: .atomic)
    }

    /// Runs git in `folder`; throws with its output when it fails.
    @discardableResult
    public static func git(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ProcessError(message: "git \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
