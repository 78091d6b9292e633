#if canImport(Glibc)
import ExecutorService
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a process ended.
public enum ChildExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// It called `exit(code)`.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)

    /// True for `exit(0)` only.
    public var isSuccess: Bool { self == .exited(0) }

    /// The shell's convention: the exit code, or 128 + the signal number.
    public var code: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// "exit code 3", "killed by signal 9 (SIGKILL)".
    public var description: String {
        switch self {
        case .exited(let code): return "exit code \(code)"
        case .signaled(0): return "ended with an unknown status"
        case .signaled(let signal): return "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
        }
    }

    /// Decodes a `waitpid` status word.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    private static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGKILL: return "SIGKILL"
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGPIPE: return "SIGPIPE"
        case SIGHUP: return "SIGHUP"
        case SIGBUS: return "SIGBUS"
        default: return nil
        }
    }
}
