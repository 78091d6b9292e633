import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a child's standard output and error go.
public enum ChildOutput: Sendable, Hashable {
    /// Discarded.
    case null
    /// Appended to a file (created when missing), both streams into it, uncapped: for
    /// helpers whose output the executor reads back; a run's output is a ``log(_:)``.
    case file(URL)
    /// Standard output and standard error each to their own file, truncated first.
    case separate(stdout: URL, stderr: URL)
    /// Both streams into a pipe a log writer process reads (``LogWriterProcess``), which caps
    /// and rotates the log and survives an executor restart that re-adopts the child. Only
    /// ``LimitedChild/spawn(_:limits:)`` starts such a request.
    case log(LogFile)
    /// Both streams to an open descriptor of the executor (the write end of a log pipe).
    case descriptor(Int32)
}

/// One process to start.
public struct ChildSpawnRequest: Sendable, Hashable {
    /// The program: a path, or a name looked up in the executor's `PATH`.
    public var executable: String
    /// Arguments after the program name.
    public var arguments: [String]
    /// The whole environment of the child (nothing is inherited implicitly).
    public var environment: [String: String]
    /// The child's working directory; nil keeps the executor's.
    public var directory: URL?
    /// Where standard output and error go.
    public var output: ChildOutput
    /// An open descriptor of the executor to read as standard input; nil for `/dev/null`.
    var input: Int32?
    /// The ends of a ``NamespaceHandshake`` the child gets as descriptors 3 and 4.
    var handshake: NamespaceHandshake.ChildEnds?

    /// Creates a request.
    public init(executable: String, arguments: [String], environment: [String: String],
                directory: URL? = nil, output: ChildOutput = .null) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.output = output
    }
}

/// Starts processes with `posix_spawn`, each the leader of its own process group, so that a
/// stop or a timeout can signal the whole tree (`kill(-pid, ...)`) and a terminal's ^C never
/// reaches it. Descriptors of the executor (listening sockets, the database) are not
/// inherited, and signal dispositions and the signal mask are reset to their defaults.
enum ChildProcessSpawner {
    /// Signals whose disposition the child gets back to default (the executor may ignore
    /// SIGPIPE, which would otherwise be inherited by every child).
    private static let resetSignals: [Int32] = [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM]

    /// Starts `request` and answers the child's pid, which is also its process group id.
    static func spawn(_ request: ChildSpawnRequest) throws(LocalBackendError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in resetSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input = request.input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        switch request.output {
        case .null:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        case .file(let url):
            posix_spawn_file_actions_addopen(&actions, 1, url.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .separate(let stdout, let stderr):
            posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_TRUNC | O_CREAT, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_TRUNC | O_CREAT, 0o600)
        case .descriptor(let descriptor):
            posix_spawn_file_actions_adddup2(&actions, descriptor, 1)
            posix_spawn_file_actions_adddup2(&actions, descriptor, 2)
        case .log(let log):
            throw LocalBackendError(code: .spawnFailed, message: "\(request.executable) was to log into \(log.url.path) without a log writer")
        }
        if case .null = request.output {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var firstClosed: Int32 = 3
        if let handshake = request.handshake {
            // Both are above 9 (NamespaceHandshake.make), so neither is overwritten here.
            posix_spawn_file_actions_adddup2(&actions, handshake.info, 3)
            posix_spawn_file_actions_adddup2(&actions, handshake.block, 4)
            firstClosed = 5
        }
        if let closeFrom = GNUSpawnExtensions.addCloseFrom {
            _ = closeFrom(&actions, firstClosed)
        }
        if let directory = request.directory {
            guard let addChdir = GNUSpawnExtensions.addChdir else {
                throw LocalBackendError(code: .spawnFailed, message: "this C library has no posix_spawn_file_actions_addchdir_np (glibc 2.29 or newer is needed)")
            }
            _ = addChdir(&actions, directory.path)
        }

        let argv = ([request.executable] + request.arguments).map { strdup($0) } + [nil]
        let envp = request.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, request.executable, &actions, &attributes, argv, envp)
        if result == 0 { ChildProcessWaiter.spawned(pid) }
        guard result == 0 else {
            let reason = String(cString: strerror(result))
            var message = "could not start \(request.executable): \(reason)"
            if let directory = request.directory, !FileManager.default.fileExists(atPath: directory.path) {
                message += " (its folder \(directory.path) does not exist)"
            }
            throw LocalBackendError(code: .spawnFailed, message: message)
        }
        return pid
    }
}

/// glibc's `posix_spawn` extensions (2.29, 2.34) that its Swift module map hides behind
/// `_GNU_SOURCE`; looked up once by name.
private enum GNUSpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = GNUExtension.symbol("posix_spawn_file_actions_addchdir_np")
    static let addCloseFrom: AddCloseFrom? = GNUExtension.symbol("posix_spawn_file_actions_addclosefrom_np")
}

/// Functions of the C library that its Swift module map hides (`_GNU_SOURCE`) or that older
/// versions lack, looked up by name at run time.
enum GNUExtension {
    /// The function `name` as `Function` (a `@convention(c)` type); nil when the C library has none.
    static func symbol<Function>(_ name: String) -> Function? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: Function.self)
    }
}
