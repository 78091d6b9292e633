import ExecutorService
import Foundation

extension GitClient {
    /// The bare mirror folder of `repository`: `STATE/mirrors/<sha256 of the URL>.git`.
    public func mirrorDirectory(for repository: String) -> URL {
        stateDirectory.appendingPathComponent("mirrors", isDirectory: true)
            .appendingPathComponent(String(LocalSHA256.hex(repository).prefix(32)) + ".git", isDirectory: true)
    }

    /// Creates or updates the bare mirror of `repository` and answers its folder.
    ///
    /// The first call clones (`git clone --mirror`, into a temporary folder renamed when
    /// complete, so an interrupted clone is never mistaken for a mirror); later calls
    /// `git fetch --prune`. Calls for one repository run one at a time.
    public func mirror(repository: String) async throws -> URL {
        try checkRepository(repository)
        let directory = mirrorDirectory(for: repository)
        return try await locks.withLock(directory.path) { () async throws(LocalBackendError) -> URL in
            try await updateMirror(repository: repository, directory: directory)
            return directory
        }
    }

    /// Like ``mirror(repository:)``, but does not fetch when the mirror already holds
    /// `commit`: an image build of a resolved commit needs no network then.
    public func mirror(repository: String, containing commit: String) async throws -> URL {
        try checkRepository(repository)
        try GitInputValidator.checkCommit(commit)
        let directory = mirrorDirectory(for: repository)
        return try await locks.withLock(directory.path) { () async throws(LocalBackendError) -> URL in
            if try await hasCommit(commit, in: directory) { return directory }
            try await updateMirror(repository: repository, directory: directory)
            guard try await hasCommit(commit, in: directory) else {
                throw LocalBackendError(code: .refNotFound, message: "repository \(repository) has no commit \(commit) on any branch or tag (was it force-pushed away?); deploy again to resolve the ref anew")
            }
            return directory
        }
    }

    /// Writes the files of `commit` (only its folder `path`, when given) into `destination`,
    /// which is created and must not hold files already. The result has no `.git`.
    ///
    /// Uses the mirror (fetching only when the commit is missing), `git archive` of the tree
    /// into a temporary tar file, and `tar -x`.
    public func export(repository: String, commit: String, path: String?, to destination: URL) async throws {
        let subfolder = try GitInputValidator.normalizedPath(path)
        let mirror = try await mirror(repository: repository, containing: commit)
        let tree = subfolder.map { "\(commit):\($0)" } ?? commit
        let type = try? await git(["cat-file", "-t", "--end-of-options", tree], gitDirectory: mirror, what: "looking up \(tree)")
        switch type?.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "tree", "commit": break
        case nil: throw LocalBackendError(code: .refNotFound, message: "commit \(commit) of \(repository) has no folder \"\(subfolder ?? "")\"; fix `build.path`")
        default: throw LocalBackendError(code: .refNotFound, message: "\"\(subfolder ?? "")\" in commit \(commit) of \(repository) is a file, not a folder; fix `build.path`")
        }

        let archive = try temporaryDirectory().appendingPathComponent("archive-\(UUID().uuidString).tar")
        defer { try? FileManager.default.removeItem(at: archive) }
        _ = try await git(["archive", "--format=tar", "--output=\(archive.path)", "--", tree], gitDirectory: mirror,
                          what: "exporting \(tree) of \(repository)")
        do {
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot create \(destination.path): \(error.localizedDescription)")
        }
        let untar = ChildSpawnRequest(executable: "tar", arguments: ["-x", "--no-same-owner", "-f", archive.path, "-C", destination.path],
                                      environment: ChildEnvironment.make(["LC_ALL": "C"]), directory: destination)
        let status = try await LocalCommandRunner.run(untar, timeout: timeout)
        guard status.isSuccess else {
            throw LocalBackendError(code: .fileSystem, message: "extracting the snapshot of \(repository) at \(commit) into \(destination.path) failed (\(status)); is the disk full?")
        }
    }

    private func updateMirror(repository: String, directory: URL) async throws(LocalBackendError) {
        try await checkHost(of: repository)
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: directory.appendingPathComponent("HEAD").path) {
            _ = try await git(["fetch", "--prune", "--quiet", "origin"], gitDirectory: directory, what: "fetching \(repository)")
            return
        }
        let parent = directory.deletingLastPathComponent()
        let partial = parent.appendingPathComponent(".clone-\(UUID().uuidString)", isDirectory: true)
        defer { try? fileManager.removeItem(at: partial) }
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            if fileManager.fileExists(atPath: directory.path) { try fileManager.removeItem(at: directory) }
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot prepare \(directory.path): \(error.localizedDescription)")
        }
        _ = try await git(["clone", "--mirror", "--quiet", "--", repository, partial.path], what: "cloning \(repository)")
        do {
            try fileManager.moveItem(at: partial, to: directory)
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot move the clone of \(repository) into place: \(error.localizedDescription)")
        }
    }

    private func hasCommit(_ commit: String, in directory: URL) async throws(LocalBackendError) -> Bool {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("HEAD").path) else { return false }
        do {
            _ = try await git(["cat-file", "-e", "--end-of-options", commit + "^{commit}"], gitDirectory: directory, what: "checking for \(commit)")
            return true
        } catch where error.code == .gitFailed {
            return false
        }
    }
}
