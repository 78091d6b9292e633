import ExecutorService
import Foundation
import Logging
import Synchronization

/// The outcome of ``ImageBuilder/build(repository:commit:path:command:log:environment:tool:)``.
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
    /// Where build commands are noted while they run, so a killed executor's next start ends them.
    public var ledger: ProcessLedger?
    /// How `build.command` is confined: it sees its image read-write, a private home and
    /// `/tmp`, and the read-only system.
    public var sandbox: Sandbox
    /// The cgroup and rlimits `build.command` runs under; nil for none.
    public var limits: RunLimits?
    /// Where `build.command` is on the network: the host's, or loopback only in namespace
    /// mode (a build belongs to no run and must reach no tool's components).
    public var network: SandboxNetwork = .host
    let logger: Logger
    let locks = KeyedAsyncLock()

    /// Creates a builder; share one per executor, so builds of one key wait for each other.
    public init(store: ImageStore, git: GitClient, commandTimeout: Duration = .seconds(1800), sandbox: Sandbox = .bubblewrap(),
                limits: RunLimits? = nil, logger: Logger) {
        self.store = store
        self.git = git
        self.commandTimeout = commandTimeout
        self.sandbox = sandbox
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
    ///   - tool: the tool the image is for, part of its key.
    ///   - force: build even when the image exists (`force-build`). The existing one is
    ///     set aside (``ImageStore/retire(id:)``), not deleted, since processes may still run
    ///     in it, and comes back if the new build fails.
    ///   - owner: the tool's user, who gets the snapshot before `build.command` runs as them.
    /// - Throws: ``LocalBackendError``: `.buildFailed` with the exit code and the last log
    ///   lines, `.timedOut`, `.cancelled`, or a git error. Nothing of a failed build stays.
    public func build(repository: String, commit: String, path: String? = nil, command: String? = nil,
                      log: LogFile, environment: [String: String] = [:], tool: String? = nil, force: Bool = false,
                      owner: ToolIdentity? = nil) async throws -> ImageBuildResult {
        try GitInputValidator.checkCommit(commit)
        let command = command.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let key = LocalImageKey(repository: repository, commit: commit, path: try GitInputValidator.normalizedPath(path), buildCommand: command, tool: tool)
        let id = key.id
        try log.prepare()
        return try await locks.withLock(id) { () async throws -> ImageBuildResult in
            var retired: URL?
            if let image = store.image(id: id) {
                // Under the lock a sweep takes too, so it cannot delete what is reused now.
                LocalBackend.markUsed(image.directory)
                guard force else {
                    try? log.append(line: "==> Reusing existing image \(id) (\(repository) at \(commit), built \(image.createdAt.formatted(.iso8601)))")
                    return ImageBuildResult(image: image, reused: true)
                }
                retired = try store.retire(id: id)
                try? log.append(line: "==> Rebuilding image \(id) (forced); the previous build is kept aside for processes still running in it")
            }
            let folder = store.folder(of: id)
            do {
                try await makeImage(key: key, folder: folder, log: log, environment: environment, owner: owner)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                if let retired {
                    do {
                        try store.restore(retired, as: id)
                    } catch {
                        logger.error("cannot restore the previous image", metadata: ["image": "\(id)", "error": "\(error)"])
                    }
                }
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

    private func makeImage(key: LocalImageKey, folder: URL, log: LogFile, environment: [String: String], owner: ToolIdentity?) async throws {
        let started = ContinuousClock.now
        if FileManager.default.fileExists(atPath: folder.path) {
            logger.info("removing an incomplete image", metadata: ["image": "\(key.id)"])
            try? log.append(line: "==> Removing an incomplete earlier build of image \(key.id)")
            try FileManager.default.removeItem(at: folder)
        }
        let app = folder.appendingPathComponent("app", isDirectory: true)
        try log.append(line: "==> Exporting \(key.repository) at \(key.commit)\(key.path.map { " (folder \($0))" } ?? "")")
        try await git.export(repository: key.repository, commit: key.commit, path: key.path, to: app)
        try owner?.own(app)
        if let command = key.buildCommand {
            try log.append(line: "==> Running build command: \(command)")
            let request = sandbox.wrap(ChildSpawnRequest(executable: "/bin/sh", arguments: ["-c", command],
                                                         environment: ChildEnvironment.make(environment), directory: app, output: .log(log)),
                                       as: SandboxProfile(tool: nil, home: nil, appDirectory: app, appWritable: true, identity: owner, network: network))
            let ending: ChildEnding
            do {
                ending = try await runRecorded(request, image: key.id)
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

    /// Runs a build command, noted in the ledger while it runs.
    private func runRecorded(_ request: ChildSpawnRequest, image: String) async throws -> ChildEnding {
        let running = Mutex<RecordedProcess?>(nil)
        defer { running.withLock { $0 }.map { ledger?.ended($0) } }
        return try await LocalCommandRunner.run(request, limits: limits, timeout: commandTimeout) { pid in
            let process = RecordedProcess(pid: pid, startTime: LinuxProcessInfo.startTime(of: pid) ?? 0)
            running.withLock { $0 = process }
            do { try ledger?.started(process, what: "build command of image \(image)") } catch {
                logger.error("a build command runs unrecorded", metadata: ["image": "\(image)", "error": "\(error)"])
            }
        }
    }
}
