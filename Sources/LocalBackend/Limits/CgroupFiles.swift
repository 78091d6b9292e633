import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes of cgroup control files, which take one short write each and answer
/// errors (`EINVAL`, `EBUSY`) that must reach the operator with the file's name.
enum CgroupFiles {
    /// Creates `path`; an existing folder is fine.
    static func makeDirectory(_ path: String) throws(LocalBackendError) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw failure("cannot create the cgroup \(path)")
        }
    }

    /// Writes `value` to the control file `path` in one `write`, as the kernel expects.
    static func write(_ value: String, to path: String) throws(LocalBackendError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open \(path)") }
        defer { close(descriptor) }
        let bytes = Array(value.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw failure("cannot write \"\(value)\" to \(path)") }
    }

    /// The text of a control file, nil when it does not exist or cannot be read.
    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the control file exists (optional ones: `memory.memsw.*`, `memory.swap.max`).
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The value of `key` in a flat keyed file (`oom_kill 3` in `memory.events`).
    static func keyedValue(_ key: String, in path: String) -> UInt64? {
        guard let text = read(path) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == key { return UInt64(fields[1]) }
        }
        return nil
    }

    /// Under cgroup v2, lets the children of `path` use memory, pids and cpu.
    static func enableControllers(in path: String) throws(LocalBackendError) {
        let file = path + "/cgroup.subtree_control"
        let enabled = Set((read(file) ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
        guard !CgroupHierarchy.required.allSatisfy({ enabled.contains($0.rawValue) }) else { return }
        do {
            try write(CgroupHierarchy.required.map { "+\($0.rawValue)" }.joined(separator: " "), to: file)
        } catch {
            throw LocalBackendError(code: .limitsFailed, message: error.message
                + " (under cgroup v2 a cgroup that holds processes cannot hand controllers down; start the executor in a cgroup of its own)")
        }
    }

    /// Removes the empty cgroup `path`, retrying while the kernel still counts exiting
    /// processes in it; a folder already gone is fine.
    static func removeDirectory(_ path: String) async throws(LocalBackendError) {
        for _ in 0..<100 {
            if rmdir(path) == 0 || errno == ENOENT { return }
            guard errno == EBUSY else { break }
            await pause()
        }
        throw failure("cannot remove the cgroup \(path)")
    }

    /// Waits 10 ms, also in a cancelled task: cleanup must finish after a cancellation too.
    static func pause() async {
        do {
            try await Task.sleep(for: .milliseconds(10))
        } catch {
            usleep(10_000)
        }
    }

    private static func failure(_ what: String) -> LocalBackendError {
        LocalBackendError(code: .limitsFailed, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
