import Foundation
import Logging
import Testing

@testable import ExecutorService
@testable import LocalBackend

/// A fresh folder under the system's temporary folder, removed after `body`.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("local-backend-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// A logger that drops everything (tests never bootstrap logging).
let testLogger = Logger(label: "local-backend-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `script` with `/bin/sh -c` in `directory` and answers its output; fails on non-zero exit.
@discardableResult
func shell(_ script: String, in directory: URL, timeout: Duration = .seconds(20)) async throws -> String {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString).out")
    defer { try? FileManager.default.removeItem(at: output) }
    let request = ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", script],
                                    environment: ChildEnvironment.make(GitTestRepository.authorEnvironment),
                                    directory: directory, output: .file(output))
    let status = try await LocalCommandRunner.run(request, timeout: timeout)
    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    guard status.isSuccess else {
        throw LocalBackendError(code: .gitFailed, message: "`\(script)` failed with \(status): \(text)")
    }
    return text
}

/// A git repository in a temporary folder, reachable as `file://`.
struct GitTestRepository {
    static let authorEnvironment = [
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
    ]

    let directory: URL
    var url: String { "file://" + directory.path }

    /// `git init -b main` in `directory`, then one commit of `files`.
    static func create(at directory: URL, files: [String: String]) async throws -> GitTestRepository {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await shell("git init -q -b main .", in: directory)
        let repository = GitTestRepository(directory: directory)
        _ = try await repository.commit(files: files, message: "initial")
        return repository
    }

    /// Writes `files` (paths relative to the root; an executable bit for names ending `.sh`),
    /// commits them, and answers the new commit.
    func commit(files: [String: String], message: String) async throws -> String {
        for (path, content) in files {
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: file, atomically: true, encoding: .utf8)
            if path.hasSuffix(".sh") {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
            }
        }
        try await shell("git add -A && git commit -q -m '\(message)'", in: directory)
        return try await head()
    }

    /// The commit `HEAD` points to.
    func head() async throws -> String {
        try await shell("git rev-parse HEAD", in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; answers whether it held.
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
