import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// bwrap's `--info-fd 3 --block-fd 4`: the sandbox reports its pid on descriptor 3 once its
/// namespaces exist, and waits for a byte on descriptor 4 before the program starts, so the
/// program never runs without its network.
struct NamespaceHandshake: Sendable, Hashable {
    /// The descriptors the sandbox gets as 3 (info, write end) and 4 (block, read end).
    struct ChildEnds: Sendable, Hashable {
        var info: Int32
        var block: Int32
    }

    /// The executor's ends: it reads the info, writes the go-ahead.
    let info: Int32
    let block: Int32
    /// The ends handed to the child, closed here once it started.
    let childEnds: ChildEnds

    /// Makes the two pipes (close-on-exec: the spawner hands the child ends over by `dup2`).
    static func make() throws(LocalBackendError) -> NamespaceHandshake {
        var info: [Int32] = [0, 0]
        var block: [Int32] = [0, 0]
        // pipe2 is hidden by the module map; the spawner closes every descriptor above 4 in
        // children anyway, so the moment without close-on-exec leaks nothing.
        guard pipe(&info) == 0 else {
            throw LocalBackendError(code: .network, message: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        guard pipe(&block) == 0 else {
            Glibc.close(info[0]); Glibc.close(info[1])
            throw LocalBackendError(code: .network, message: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        // The child's ends are moved above 9, so the spawner's dup2 onto 3 and 4 never
        // overwrites one with the other.
        _ = fcntl(info[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(block[1], F_SETFD, FD_CLOEXEC)
        let childInfo = fcntl(info[1], F_DUPFD_CLOEXEC, 10)
        let childBlock = fcntl(block[0], F_DUPFD_CLOEXEC, 10)
        Glibc.close(info[1])
        Glibc.close(block[0])
        guard childInfo >= 0, childBlock >= 0 else {
            for descriptor in [info[0], block[1], childInfo, childBlock] where descriptor >= 0 { Glibc.close(descriptor) }
            throw LocalBackendError(code: .network, message: "cannot duplicate a pipe: \(String(cString: strerror(errno)))")
        }
        return NamespaceHandshake(info: info[0], block: block[1], childEnds: ChildEnds(info: childInfo, block: childBlock))
    }

    /// After the spawn: the child holds its ends, the executor drops them (so a sandbox that
    /// dies early shows as an end of file).
    func closeChildEnds() {
        Glibc.close(childEnds.info)
        Glibc.close(childEnds.block)
    }

    /// The sandbox's pid in the executor's PID namespace, read from bwrap's info JSON
    /// (`{"child-pid": 123}`) within `timeout`.
    func sandboxPID(timeout: Duration) async throws(LocalBackendError) -> Int32 {
        let info = self.info
        let text = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let thread = Thread { continuation.resume(returning: Self.readJSON(info, timeout: timeout)) }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        guard let text, let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let pid = (object["child-pid"] as? NSNumber)?.int32Value, pid > 0 else {
            throw LocalBackendError(code: .network, message: "the sandbox did not tell its pid (it ended, or took over \(timeout.localDescription))")
        }
        return pid
    }

    /// Lets the program start.
    func release() {
        var byte: UInt8 = 1
        _ = write(block, &byte, 1)
    }

    /// Closes the executor's ends.
    func close() {
        Glibc.close(info)
        Glibc.close(block)
    }

    private static func readJSON(_ descriptor: Int32, timeout: Duration) -> String? {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while !bytes.contains(UInt8(ascii: "}")) {
            let left = deadline - ContinuousClock.now
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard milliseconds > 0, poll(&poller, 1, milliseconds) == 1 else { return nil }
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
