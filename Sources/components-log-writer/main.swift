import LogRotation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `components-log-writer --file PATH --max-bytes N --keep K`: the executor's helper that
// writes one process's output (its standard input, a pipe) into a size-capped, rotated log.
// A process of its own, outside the run's process group, sandbox and cgroup, so it outlives
// an executor restart with the run it logs and a tool cannot stop or redirect it; it ends
// when the run's last process closed the pipe. It links no Foundation, to stay small.

func fail(_ message: String) -> Never {
    let text = "components-log-writer: \(message)\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    exit(2)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard ["--file", "--max-bytes", "--keep"].contains(name), let value = arguments.popFirst() else {
        fail("usage: components-log-writer --file PATH --max-bytes N --keep K (got \(name))")
    }
    options[name] = value
}
guard let path = options["--file"], path.hasPrefix("/") else { fail("--file needs an absolute path") }
guard let maxBytes = options["--max-bytes"].flatMap({ Int($0) }), maxBytes > 0 else { fail("--max-bytes needs a positive number") }
guard let kept = options["--keep"].flatMap({ Int($0) }), kept > 0 else { fail("--keep needs a positive number") }

// Work the run makes for its log is not charged to its cgroup: it yields to everything else.
_ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
signal(SIGPIPE, SIG_IGN)
let lost = LogPump.run(from: 0, into: RotatingLog(path: path, maxBytes: maxBytes, keptFiles: kept))
exit(lost == 0 ? 0 : 1)
