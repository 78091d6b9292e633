import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `components-log-writer` process that writes one child's output into its ``LogFile``:
/// the child's standard output and error are the write end of a pipe whose read end is the
/// writer's standard input, and the writer caps and rotates the log (``RotatingLog``), so
/// the executor never holds a byte of it and a flood costs disk up to the cap only.
///
/// The writer is the executor's child, in a process group of its own and outside the run's
/// sandbox and cgroup: a stop's signal to the run's group, a tool's `kill` (another PID
/// namespace and user) and the cgroup's final kill never reach it. It ends by itself when
/// the last process holding the pipe ends, so it outlives an executor restart exactly as
/// long as the re-adopted process it logs.
struct LogWriterProcess: Sendable {
    /// The writer's pid.
    let pid: pid_t

    /// Where the program is: `COMPONENTS_LOG_WRITER`, else next to the running executable
    /// (`componentsd`, `componentsd-executor` and the test bundle are built side by side).
    static var executable: String {
        if let path = ProcessInfo.processInfo.environment["COMPONENTS_LOG_WRITER"], !path.isEmpty { return path }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("components-log-writer").path
    }

    private static let pipe2: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? = GNUExtension.symbol("pipe2")

    /// How long a finished child's writer may take to write what is left in its pipe.
    static let drainTimeout: Duration = .seconds(5)

    /// Starts a writer for `log` and answers it with the write end of its pipe, which the
    /// caller gives the child as its output and then closes.
    ///
    /// - Throws: `.spawnFailed` when the log folder, the pipe or the writer cannot be made.
    static func start(for log: LogFile) throws(LocalBackendError) -> (writer: LogWriterProcess, input: Int32) {
        do {
            try log.prepare()
        } catch {
            throw LocalBackendError(code: .spawnFailed, message: "\(error)")
        }
        var ends: [Int32] = [-1, -1]
        // Close-on-exec from the start: a process spawned meanwhile must not hold it open.
        guard let pipe2 = Self.pipe2, pipe2(&ends, O_CLOEXEC) == 0 else {
            throw LocalBackendError(code: .spawnFailed, message: "cannot make a pipe for the log \(log.url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(ends[0]) }
        var request = ChildSpawnRequest(executable: executable,
                                        arguments: ["--file", log.url.path, "--max-bytes", String(log.maxBytes), "--keep", String(log.keptFiles)],
                                        environment: [:])
        request.input = ends[0]
        do {
            let pid = try ChildProcessSpawner.spawn(request)
            ChildProcessWaiter.reapWhenItExits(pid)
            return (LogWriterProcess(pid: pid), ends[1])
        } catch {
            close(ends[1])
            throw error
        }
    }

    /// Waits until the writer ended (it has written everything once no process holds its
    /// pipe), for at most `timeout`; answers whether it did. A writer still held open by a
    /// straggler is left to end with it.
    @discardableResult
    func drained(within timeout: Duration = drainTimeout) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !ChildProcessWaiter.wasReaped(pid) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}
