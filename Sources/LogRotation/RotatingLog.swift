#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of one size-capped log and the one way they are written: `NAME` is the current
/// file, `NAME.1` … `NAME.<keptFiles>` the rotated ones (1 the newest), `NAME.base` the bytes
/// rotated away so far (the logical offset of `NAME`'s first byte) and `NAME.lock` the lock
/// every writer holds exclusively, and every reader shared, while it touches them.
///
/// A write that would take `NAME` past ``maxBytes`` rotates first, by rename only: the oldest
/// file is dropped, the others shift by one, `NAME` becomes `NAME.1` and a new `NAME` is
/// made. Rotation happens at a line end when the bytes allow, so the disk holds at most
/// `maxBytes × (keptFiles + 1)` and nothing is ever read back or copied.
///
/// Several writers may share a log (the replicas' log writers, the executor's own lines):
/// each holds its file open and reopens it when someone else rotated it away.
public struct RotatingLog: Sendable, Hashable {
    /// The current file.
    public let path: String
    /// The most bytes one file holds.
    public let maxBytes: Int
    /// How many rotated files are kept besides the current one.
    public let keptFiles: Int

    /// Describes a log; nothing is created until the first write.
    public init(path: String, maxBytes: Int, keptFiles: Int) {
        self.path = path
        self.maxBytes = max(maxBytes, 1024)
        self.keptFiles = max(keptFiles, 1)
    }

    /// The rotated file number `index` (1 is the newest).
    public func rotatedPath(_ index: Int) -> String { "\(path).\(index)" }
    /// The file that holds ``baseOffset``.
    public var basePath: String { "\(path).base" }
    /// The lock file.
    public var lockPath: String { "\(path).lock" }

    /// Bytes rotated away so far: the logical offset of the current file's first byte.
    public var baseOffset: UInt64 {
        let descriptor = open(basePath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        return UInt64(String(decoding: bytes[..<count], as: UTF8.self).filter(\.isNumber)) ?? 0
    }

    /// The size of the file at `path` now, 0 when there is none.
    public static func size(of path: String) -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return UInt64(info.st_size)
    }

    /// Runs `body` holding the log's lock: `exclusive` to write, shared to read. `lock` is an
    /// open descriptor of ``lockPath`` to reuse (a long-lived writer's), or -1 to open one for
    /// this call; a reader of a log no writer ever locked runs unlocked.
    public func withLock<T>(exclusive: Bool, using lock: Int32 = -1, _ body: () throws -> T) rethrows -> T {
        var descriptor = lock
        if descriptor < 0 {
            descriptor = exclusive ? openLock() : open(lockPath, O_RDONLY | O_CLOEXEC)
        }
        defer { if lock < 0, descriptor >= 0 { close(descriptor) } }
        guard descriptor >= 0 else { return try body() }
        while flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) == -1 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Opens (creating it) ``lockPath`` for a writer that keeps it; -1 on failure.
    public func openLock() -> Int32 {
        open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    }

    /// Appends `bytes`, rotating first when they would not fit; call it holding the lock
    /// exclusively. `descriptor` is the writer's open file (-1 at first): it is opened, and
    /// reopened after a rotation by anyone. Answers false when the file cannot be opened or
    /// written (the bytes are lost then, rather than held in memory).
    @discardableResult
    public func append(_ bytes: UnsafeRawBufferPointer, descriptor: inout Int32) -> Bool {
        guard var size = reopenIfRotated(&descriptor) else { return false }
        var remaining = bytes
        while !remaining.isEmpty {
            let room = maxBytes - size
            if remaining.count <= room {
                return writeAll(descriptor, remaining)
            }
            // Cut after the last newline that fits; a file with no room left or a line longer
            // than a whole file is cut where it must be.
            var cut = 0
            if room > 0, let newline = remaining[..<room].lastIndex(of: 0x0A) {
                cut = newline + 1
            } else if size == 0 {
                cut = maxBytes
            }
            if cut > 0 {
                guard writeAll(descriptor, UnsafeRawBufferPointer(rebasing: remaining[..<cut])) else { return false }
                size += cut
                remaining = UnsafeRawBufferPointer(rebasing: remaining[cut...])
            }
            guard rotate(&descriptor, rotatedBytes: UInt64(size)) else { return false }
            size = 0
        }
        return true
    }

    /// Makes `descriptor` the current file's, answering its size; nil when it cannot be opened.
    private func reopenIfRotated(_ descriptor: inout Int32) -> Int? {
        var opened = stat()
        var current = stat()
        if descriptor >= 0, fstat(descriptor, &opened) == 0, stat(path, &current) == 0,
           opened.st_ino == current.st_ino, opened.st_dev == current.st_dev {
            return Int(opened.st_size)
        }
        if descriptor >= 0 { close(descriptor) }
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0, fstat(descriptor, &opened) == 0 else { return nil }
        return Int(opened.st_size)
    }

    /// Drops the oldest file, shifts the others, renames the current one to `.1`, records
    /// the new base and opens a fresh current file.
    private func rotate(_ descriptor: inout Int32, rotatedBytes: UInt64) -> Bool {
        let base = baseOffset + rotatedBytes
        unlink(rotatedPath(keptFiles))
        for index in stride(from: keptFiles - 1, through: 1, by: -1) {
            rename(rotatedPath(index), rotatedPath(index + 1))
        }
        rename(path, rotatedPath(1))
        // Replaced whole, so a reader never sees half a number.
        let temporary = basePath + ".new"
        let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if file >= 0 {
            _ = writeAll(file, "\(base)\n")
            close(file)
            rename(temporary, basePath)
        }
        close(descriptor)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        return descriptor >= 0
    }

    private func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
    }

    private func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
