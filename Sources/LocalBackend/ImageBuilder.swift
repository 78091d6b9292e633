import ExecutorService
import Foundation
import Logging

/// The outcome of ``ImageBuilder/build(repository:commit:path:command:log:environment:)``.
public struct ImageBuildResult: Sendable, Hashable {
    /// The image, complete.
    public var image: LocalImage
    /// True when an image of the same key existed and nothing was built.
    public var reused: Bool
}

/// Builds images: a snapshot of a commit (optionally one folder of it) plus the output of
/// `build.command`, run there by `/bin/sh -c` with its output in the build log.
///
/// Builds happen in place, in `STATE/images/<id>/app`, because build output often records
/// its absolute path (Python virtualenvs, node's `.bin` links) and would break if moved.
/// Builds of one key wait for each other (one builder per executor, so they share its lock);
/// the marker that makes an image complete is written last, so a build that crashed is
/// found incomplete and redone.
public struct ImageBuilder: Sendable {
    /// Where images live.
    public var store: ImageStore
    /// Gets the snapshots.
    public var git: GitClient
    /// Time limit of `build.command`.
    public var commandTimeout: Duration
    /// The cgroup and rlimits `build.command` runs under; nil for none.
    public var limits: RunLimits?
    let logger: Logger
    let locks = KeyedAsyncLock()

    /// Creates a builder; share one per executor, so builds of one key wait for each other.
    public init(store: ImageStore, git: GitClient, commandTimeout: Duration = .seconds(1800), limits: RunLimits? = nil, logger: Logger) {
        self.store = store
        self.git = git
        self.commandTimeout = commandTimeout
        self.limits = limits
        self.logger = logger
    }

    /// Builds the image of `repository` at `commit`, or answers the existing one.
    ///
    /// - Parameters:
    ///   - path: a folder of the repository to snapshot instead of its root.
    ///   - command: `build.command`, run by `/bin/sh -c` in the snapshot.
    ///   - log: the build log; the command's output and the builder's own lines go there.
    ///   - environment: variables for the command, over ``ChildEnvironment``'s base.
    /// - Throws: ``LocalBackendError``: `.buildFailed` with the exit code and the last log
    ///   lines, `.timedOut`, `.cancelled`, or a git error. Nothing of a failed build stays.
    public func build(repository: String, commit: String, path: String? = nil, command: String? = nil,
                      log: LogFile, environment: [String: String] = [:]) async throws -> ImageBuildResult {
        try GitInputValidator.checkCommit(commit)
        let command = command.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let key = LocalImageKey(repository: repository, commit: commit, path: try GitInputValidator.normalizedPath(path), buildCommand: command)
        let id = key.id
        try log.prepare()
        return try await locks.withLock(id) { () async throws -> ImageBuildResult in
            if let image = store.image(id: id) {
                try? log.append(line: "==> Reusing existing image \(id) (\(repository) at \(commit), built \(image.createdAt.formatted(.iso8601)))")
                return ImageBuildResult(image: image, reused: true)
            }
            let folder = store.folder(of: id)
            do {
                try await makeImage(key: key, folder: folder, log: log, environment: environment)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                if let failure = error as? LocalBackendError {
                    try? log.append(line: "==> Build failed: \(failure.message)")
                }
                throw error
            }
            guard let image = store.image(id: id) else {
                throw LocalBackendError(code: .fileSystem, message: "image \(id) was built but its marker cannot be read back from \(folder.path)")
            }
            try? log.append(line: "==> Built image \(id)")
            return ImageBuildResult(image: image, reused: false)
        }
    }

    private func makeImage(key: LocalImageKey, folder: URL, log: LogFile, environment: [String: String]) async throws {
        let started = ContinuousClock.now
        if FileManager.default.fileExists(atPath: folder.path) {
            logger.info("removing an incomplete image", metadata: ["image": "\(key.id)"])
            try? log.append(line: "==> Removing an incomplete earlier build of image \(key.id)")
            try FileManager.default.removeItem(at: folder)
        }
        let app = folder.appendingPathComponent("app", isDirectory: true)
        try log.append(line: "==> Exporting \(key.repository) at \(key.commit)\(key.path.map { " (folder \($0))" } ?? "")")
        try await git.export(repository: key.repository, commit: key.commit, path: key.path, to: app)
        if let command = key.buildCommand {
            try log.append(line: "==> Running build command: \(command)")
            let request = ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", command],
                                            environment: ChildEnvironment.make(environment), directory: app, output: .file(log.url))
            let ending: ChildEnding
            do {
                ending = try await log.withPeriodicRotation {
                    try await LocalCommandRunner.run(request, limits: limits, timeout: commandTimeout)
                }
            } catch let error as LocalBackendError where error.code == .timedOut {
                throw LocalBackendError(code: .timedOut, message: "build command `\(command)` did not finish within \(commandTimeout.localDescription) and was killed",
                                        lastLines: log.tail(lines: 20))
            }
            guard ending.status.isSuccess else {
                let lastLines = log.tail(lines: 20)
                throw LocalBackendError(code: .buildFailed, message: "build command `\(command)` failed with \(ending)",
                                        exitCode: ending.status.code, lastLines: lastLines)
            }
        }
        try store.writeMarker(for: key, createdAt: Date())
        logger.info("built image", metadata: ["image": "\(key.id)", "seconds": "\((ContinuousClock.now - started).components.seconds)"])
    }
}
