import ExecutorService
import Foundation
import Logging

/// Runs git as a subprocess for the executor: resolving refs to commits, keeping a bare
/// mirror per repository, and exporting snapshots of commits.
///
/// Every URL, ref and path is validated before git runs and passed after `--`; git runs
/// without a terminal prompt, credential helpers, system or user config, hooks, or the
/// `ext::`/`fd::` transports, under a time limit after which its whole process group is
/// killed. Before git contacts a host, the host name is resolved and refused when any address
/// is loopback, private or link-local (unless `allowPrivateRepositories`); git follows no
/// redirects and may use only https (http and git with `allowInsecureRepositories`, file with
/// `allowLocalRepositories`). Errors are ``LocalBackendError``s, with git's output redacted
/// so that it reveals no addresses or ports.
public struct GitClient: Sendable {
    /// Holds `mirrors/` and `tmp/`.
    public var stateDirectory: URL
    /// Whether `file://` repositories are accepted (loopback laptop mode and tests).
    public var allowLocalRepositories: Bool
    /// Whether repositories on loopback, private and link-local hosts are accepted.
    public var allowPrivateRepositories: Bool
    /// Whether unencrypted `http://` and `git://` repositories are accepted.
    public var allowInsecureRepositories: Bool
    /// Time limit of one git call (a clone of a large repository is one call).
    public var timeout: Duration
    /// The git program, looked up in `PATH` unless it is a path.
    public var gitExecutable: String
    let logger: Logger
    let locks = KeyedAsyncLock()

    /// Creates a client keeping its mirrors under `stateDirectory/mirrors`.
    public init(stateDirectory: URL, allowLocalRepositories: Bool = false, allowPrivateRepositories: Bool = false,
                allowInsecureRepositories: Bool = false, timeout: Duration = .seconds(600),
                gitExecutable: String = "git", logger: Logger) {
        self.stateDirectory = stateDirectory
        self.allowLocalRepositories = allowLocalRepositories
        self.allowPrivateRepositories = allowPrivateRepositories
        self.allowInsecureRepositories = allowInsecureRepositories
        self.timeout = timeout
        self.gitExecutable = gitExecutable
        self.logger = logger
    }

    /// The commit `ref` of `repository` points to now.
    ///
    /// A full commit id is answered as is, without contacting the repository. Otherwise the
    /// name is looked up with `git ls-remote` in git's order: an exact ref (`HEAD`,
    /// `refs/heads/main`), then `refs/NAME`, a tag (peeled to its commit), a branch. An
    /// abbreviated commit id that names no ref is looked up in the mirror.
    ///
    /// - Parameter ref: a branch, tag or commit; nil means the repository's `HEAD`.
    /// - Throws: `.invalidRepository`/`.invalidRef` before git runs (also when the host
    ///   resolves to a private address), `.refNotFound` when the repository has no such ref,
    ///   `.gitFailed` or `.timedOut` when git fails.
    public func resolve(repository: String, ref: String?) async throws -> String {
        try checkRepository(repository)
        let ref = ref ?? "HEAD"
        if GitInputValidator.isFullCommit(ref.lowercased()) { return ref.lowercased() }
        try GitInputValidator.checkRef(ref)

        let patterns = ref == "HEAD" ? ["HEAD"] : [ref, ref + "^{}"]
        try await checkHost(of: repository)
        let output = try await git(["ls-remote", "--", repository] + patterns, what: "listing the refs of \(repository)")
        var refs: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            if fields.count == 2 { refs[String(fields[1])] = String(fields[0]) }
        }
        for name in [ref, "refs/\(ref)", "refs/tags/\(ref)", "refs/heads/\(ref)", "refs/remotes/\(ref)"] {
            if let commit = refs[name + "^{}"] ?? refs[name] { return commit }
        }
        if GitInputValidator.looksLikeAbbreviatedCommit(ref) {
            let mirrorDirectory = try await self.mirror(repository: repository)
            if let commit = try? await git(["rev-parse", "--verify", "--quiet", "--end-of-options", ref.lowercased() + "^{commit}"],
                                           gitDirectory: mirrorDirectory, what: "looking up commit \(ref)") {
                return commit.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        throw LocalBackendError(code: .refNotFound, message: "repository \(repository) has no branch, tag or commit named \"\(ref)\"; push it, or fix `ref` in the config")
    }

    /// Runs git with the safety settings and answers its standard output.
    ///
    /// - Parameters:
    ///   - gitDirectory: a repository to run in (`--git-dir`), nil for none.
    ///   - what: what the call does, for error messages ("fetching REPO").
    func git(_ arguments: [String], gitDirectory: URL? = nil, what: String) async throws(LocalBackendError) -> String {
        let tmp = try temporaryDirectory()
        let token = UUID().uuidString
        let stdout = tmp.appendingPathComponent("git-\(token).out")
        let stderr = tmp.appendingPathComponent("git-\(token).err")
        defer {
            try? FileManager.default.removeItem(at: stdout)
            try? FileManager.default.removeItem(at: stderr)
        }
        var fullArguments = Self.safetyOptions
        if let gitDirectory { fullArguments.append("--git-dir=\(gitDirectory.path)") }
        fullArguments += arguments
        logger.debug("git", metadata: ["arguments": "\(arguments)"])
        let request = ChildSpawnRequest(executable: gitExecutable, arguments: fullArguments, environment: environment,
                                        directory: tmp, output: .separate(stdout: stdout, stderr: stderr))
        let status: ChildExitStatus
        do {
            status = try await LocalCommandRunner.run(request, timeout: timeout)
        } catch where error.code == .timedOut {
            throw LocalBackendError(code: .timedOut, message: "git timed out after \(timeout.localDescription) while \(what)")
        }
        let output = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
        guard status.isSuccess else {
            let errors = GitErrorRedactor.redact(((try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
                .split(separator: "\n").suffix(5).map(String.init))
            throw LocalBackendError(code: .gitFailed, message: "git failed (\(status)) while \(what)", exitCode: status.code, lastLines: errors)
        }
        return output
    }

    /// Refuses `repository` by ToolConfig's rule under this client's policy.
    func checkRepository(_ repository: String) throws(LocalBackendError) {
        try GitInputValidator.checkRepository(repository, allowLocal: allowLocalRepositories, allowPrivate: allowPrivateRepositories,
                                              allowInsecure: allowInsecureRepositories)
    }

    /// Refuses `repository` when its host resolves to a non-public address and private
    /// repositories are not allowed; call it right before git contacts the host.
    func checkHost(of repository: String) async throws(LocalBackendError) {
        guard !allowPrivateRepositories else { return }
        try await RepositoryHostCheck.check(repository)
    }

    /// Options before every git subcommand: no program-running transports, no hooks, no
    /// credential helpers, no file-system monitor, no redirects (a redirect could lead git to
    /// a host that was never checked).
    static let safetyOptions = [
        "-c", "http.followRedirects=false",
        "-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never",
        "-c", "core.hooksPath=/dev/null", "-c", "credential.helper=", "-c", "core.fsmonitor=false",
        "-c", "core.askPass=/bin/true", "-c", "advice.detachedHead=false",
    ]

    /// git's environment: no prompts, no system or user config, only the allowed transports.
    var environment: [String: String] {
        ChildEnvironment.make([
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "/bin/true",
            "SSH_ASKPASS": "/bin/true",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_ALLOW_PROTOCOL": allowedProtocols,
            "LC_ALL": "C",
            // git runs in STATE/tmp; it must never find a repository (and its config) above it.
            "GIT_CEILING_DIRECTORIES": stateDirectory.path,
        ])
    }

    /// The transports git may use: https, plus http and git when insecure repositories are
    /// allowed and file when local ones are.
    var allowedProtocols: String {
        (["https"] + (allowInsecureRepositories ? ["http", "git"] : []) + (allowLocalRepositories ? ["file"] : []))
            .joined(separator: ":")
    }

    /// `STATE/tmp`, created when missing.
    func temporaryDirectory() throws(LocalBackendError) -> URL {
        let url = stateDirectory.appendingPathComponent("tmp", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw LocalBackendError(code: .fileSystem, message: "cannot create \(url.path): \(error.localizedDescription)")
        }
        return url
    }
}
