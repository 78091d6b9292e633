import Foundation
import Synchronization

/// A Unix stream socket Caddy writes its access log to (its `net` log writer), read on threads
/// of its own: one accepts, one reads each connection (Caddy opens a new one with every config
/// it loads). Lines are handed over in batches: after a read that emptied the socket the
/// reader waits 5 ms, so a busy router's lines arrive many per wake-up, not one each. Only the router's user can connect: the socket lives in the
/// router's 0700 folder and is made 0600.
final class AccessLogListener: Sendable {
    private let descriptor: Int32
    private let closed = Atomic<Bool>(false)
    private let path: String

    /// Listens at `socket`, replacing a stale socket file, and calls `handle` with every line.
    init(socket: URL, handle: @escaping @Sendable ([ArraySlice<UInt8>]) -> Void) throws {
        path = socket.path
        unlink(path)
        descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw RouterError("cannot make the access-log socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            Glibc.close(descriptor)
            throw RouterError("the access-log socket path \(path) is longer than \(capacity - 1) bytes; use a shorter --state-dir")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
            buffer[path.utf8.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, chmod(path, 0o600) == 0, listen(descriptor, 16) == 0 else {
            let error = errno
            Glibc.close(descriptor)
            throw RouterError("cannot listen for the access log at \(path): errno \(error)")
        }
        let listener = descriptor
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    return  // closed
                }
                // Not inherited by the processes the router's supervisor starts (Caddy).
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                if self.closed.load(ordering: .relaxed) {
                    Glibc.close(connection)
                    return
                }
                Thread.detachNewThread { Self.read(connection, handle: handle) }
            }
        }
    }

    /// Stops accepting; connections end when Caddy closes them.
    func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
        unlink(path)
    }

    /// Lines of at most 64 KiB; a longer one is dropped, not buffered without bound.
    private static func read(_ connection: Int32, handle: ([ArraySlice<UInt8>]) -> Void) {
        defer { Glibc.close(connection) }
        let limit = 64 * 1024
        var pending: [UInt8] = []
        var skipping = false
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(connection, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            var lines: [ArraySlice<UInt8>] = []
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                if !skipping {
                    if pending.isEmpty {
                        lines.append(buffer[start..<index])
                    } else {
                        pending += buffer[start..<index]
                        lines.append(pending[...])
                        pending = []
                    }
                }
                skipping = false
                start = index + 1
            }
            if !skipping {
                pending += buffer[start..<count]
                if pending.count > limit {
                    pending.removeAll(keepingCapacity: true)
                    skipping = true
                }
            }
            if !lines.isEmpty { handle(lines) }
            if count < buffer.count { usleep(5_000) }
        }
    }
}
