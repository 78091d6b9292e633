import ExecutorService
/// Why a local-backend primitive (git, image build, process, health check) failed. The
/// message names what was asked and what to do; the deployment engine shows it as is.
public struct LocalBackendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The code's stable name (`invalid_repository`, `ref_not_found`, ...).
        public var rawValue: String
        /// A code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's name.
        public var description: String { rawValue }

        /// A repository URL was refused before git ran (scheme, `ext::`, leading `-`, credentials,
        /// a host that resolves to a private address or does not resolve).
        public static let invalidRepository = Code(rawValue: "invalid_repository")
        /// A ref, commit or path was refused before git ran.
        public static let invalidRef = Code(rawValue: "invalid_ref")
        /// The repository has no such branch, tag or commit, or no such path in the commit.
        public static let refNotFound = Code(rawValue: "ref_not_found")
        /// A git command failed (unreachable repository, corrupt mirror, ...).
        public static let gitFailed = Code(rawValue: "git_failed")
        /// A command did not finish within its time limit and was killed.
        public static let timedOut = Code(rawValue: "timed_out")
        /// `build.command` exited with a non-zero status.
        public static let buildFailed = Code(rawValue: "build_failed")
        /// A process could not be started (missing executable or folder, resource limits).
        public static let spawnFailed = Code(rawValue: "spawn_failed")
        /// A run's cgroup could not be made, limited or removed.
        public static let limitsFailed = Code(rawValue: "limits_failed")
        /// A supervised run of that id exists already.
        public static let alreadyRunning = Code(rawValue: "already_running")
        /// A process named by pid does not exist, or is another process than the one recorded.
        public static let processNotFound = Code(rawValue: "process_not_found")
        /// A file or folder of the state directory could not be read or written.
        public static let fileSystem = Code(rawValue: "file_system")
        /// The process sandbox (bubblewrap) is missing or cannot work on this machine.
        public static let sandboxUnavailable = Code(rawValue: "sandbox_unavailable")
        /// A run's network (its namespace, bridge or address) could not be set up.
        public static let network = Code(rawValue: "network")
        /// The operation was cancelled.
        public static let cancelled = Code(rawValue: "cancelled")
    }

    /// The kind of failure.
    public var code: Code
    /// A message a person can act on.
    public var message: String
    /// The exit code of the failed command, when one ran to its end.
    public var exitCode: Int32?
    /// The last lines of the failed command's output, oldest first.
    public var lastLines: [String]

    /// Creates an error.
    public init(code: Code, message: String, exitCode: Int32? = nil, lastLines: [String] = []) {
        self.code = code
        self.message = message
        self.exitCode = exitCode
        self.lastLines = lastLines
    }

    /// The message, followed by the last output lines when there are some.
    public var description: String {
        guard !lastLines.isEmpty else { return message }
        return message + "; last output lines:\n" + lastLines.joined(separator: "\n")
    }
}
