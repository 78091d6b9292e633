import Foundation
import LogRotation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A size-capped log of one build or run, which the API tails and follows.
///
/// The output of a run's processes reaches it through a log writer process per process (the
/// local backend's `LogWriterProcess`), which outlives an executor restart with the process;
/// the executor adds its own lines (``append(line:)``). Every write goes through
/// ``RotatingLog``: a write that would take the file past ``maxBytes`` first renames it to
/// `NAME.1` (older ones shift to `.2`, `.3`, the oldest beyond ``keptFiles`` is deleted), so
/// the log never holds more than `maxBytes × (keptFiles + 1)` bytes and nothing is copied.
/// Offsets are *logical*: they count every byte ever written, across rotations (`NAME.base`
/// stores the bytes rotated away), so a follower's offset stays valid.
public struct LogFile: Sendable, Hashable {
    /// The current file.
    public var url: URL
    /// The size at which the file is rotated.
    public var maxBytes: Int
    /// How many rotated files are kept besides the current one.
    public var keptFiles: Int

    /// Describes a log; nothing is created until ``prepare()`` or the first write.
    public init(url: URL, maxBytes: Int = 1 << 20, keptFiles: Int = 3) {
        self.url = url
        let files = RotatingLog(path: url.path, maxBytes: maxBytes, keptFiles: keptFiles)
        self.maxBytes = files.maxBytes
        self.keptFiles = files.keptFiles
    }

    /// The files on disk and how they are written.
    public var files: RotatingLog { RotatingLog(path: url.path, maxBytes: maxBytes, keptFiles: keptFiles) }

    /// Creates the folder and an empty file when missing.
    public func prepare() throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw LogFileError("cannot create the log file \(url.path)")
            }
        }
    }

    /// Appends `text` plus a newline (a line of the executor's own, such as "Reusing image"),
    /// rotating first when it would not fit.
    public func append(line text: String) throws {
        try prepare()
        let files = files
        var descriptor: Int32 = -1
        defer { if descriptor >= 0 { close(descriptor) } }
        let bytes = Array((text + "\n").utf8)
        let written = files.withLock(exclusive: true) {
            bytes.withUnsafeBytes { files.append($0, descriptor: &descriptor) }
        }
        guard written else {
            throw LogFileError("cannot write the log file \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// The rotated file number `index` (1 is the newest).
    public func rotatedURL(_ index: Int) -> URL {
        URL(fileURLWithPath: files.rotatedPath(index))
    }

    /// Bytes rotated away so far: the logical offset of the current file's first byte.
    public var baseOffset: UInt64 { files.baseOffset }

    /// The logical offset just past the last byte written.
    public var endOffset: UInt64 {
        files.withLock(exclusive: false) { baseOffset + Self.size(of: url) }
    }

    /// Removes the file, its rotated files and its offset record.
    public func remove() {
        let files = files
        for path in [files.path, files.basePath, files.lockPath] + (1...keptFiles + 1).map(files.rotatedPath) {
            unlink(path)
        }
    }

    static func size(of url: URL) -> UInt64 {
        RotatingLog.size(of: url.path)
    }
}
