import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A size-capped log of one build or run, which child processes write directly (opened with
/// `O_APPEND`, so the output survives an executor restart) and the API tails and follows.
///
/// When the file reaches ``maxBytes`` it is rotated copy-and-truncate style: `NAME.1` gets its
/// content (older ones shift to `.2`, `.3`, the oldest beyond ``keptFiles`` is deleted) and the
/// file is truncated, so a writer that holds it open goes on writing at its start. Bytes
/// written between the copy and the truncation can be lost; that window is a few
/// microseconds. Offsets are *logical*: they count every byte ever written, across
/// rotations (`NAME.base` stores the bytes rotated away), so a follower's offset stays valid.
///
/// Rotation must be driven by one owner per file (the supervisor or the image builder), see
/// ``withPeriodicRotation(every:_:)``.
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
        self.maxBytes = max(maxBytes, 1024)
        self.keptFiles = max(keptFiles, 1)
    }

    /// Creates the folder and an empty file when missing.
    public func prepare() throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw LogFileError("cannot create the log file \(url.path)")
            }
        }
    }

    /// Appends `text` plus a newline (a line of the executor's own, such as "Reusing image").
    public func append(line text: String) throws {
        try prepare()
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LogFileError("cannot open the log file \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        rotateIfNeeded()
    }

    /// The rotated file number `index` (1 is the newest).
    public func rotatedURL(_ index: Int) -> URL {
        URL(fileURLWithPath: url.path + ".\(index)")
    }

    var baseURL: URL { URL(fileURLWithPath: url.path + ".base") }

    /// Bytes rotated away so far: the logical offset of the current file's first byte.
    public var baseOffset: UInt64 {
        guard let data = FileManager.default.contents(atPath: baseURL.path),
              let value = UInt64(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else { return 0 }
        return value
    }

    /// The logical offset just past the last byte written.
    public var endOffset: UInt64 { baseOffset + Self.size(of: url) }

    /// Rotates when the current file reached ``maxBytes``; answers whether it did. A file
    /// another thread is rotating at that moment is left to it.
    @discardableResult
    public func rotateIfNeeded() -> Bool {
        guard Self.size(of: url) >= UInt64(maxBytes) else { return false }
        let path = url.path
        guard Self.rotating.withLock({ $0.insert(path).inserted }) else { return false }
        defer { _ = Self.rotating.withLock { $0.remove(path) } }
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: rotatedURL(keptFiles))
        for index in stride(from: keptFiles - 1, through: 1, by: -1) where fileManager.fileExists(atPath: rotatedURL(index).path) {
            try? fileManager.moveItem(at: rotatedURL(index), to: rotatedURL(index + 1))
        }
        guard let handle = try? FileHandle(forUpdating: url) else { return false }
        defer { try? handle.close() }
        let content = (try? handle.readToEnd()) ?? Data()
        try? handle.truncate(atOffset: 0)
        _ = fileManager.createFile(atPath: rotatedURL(1).path, contents: content)
        let base = baseOffset + UInt64(content.count)
        _ = fileManager.createFile(atPath: baseURL.path, contents: Data("\(base)\n".utf8))
        return true
    }

    /// Runs `body` while rotating the file every `interval`, for the lifetime of a writer.
    public func withPeriodicRotation<T: Sendable>(every interval: Duration = .seconds(1),
                                                  _ body: () async throws -> T) async rethrows -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    rotateIfNeeded()
                    try? await Task.sleep(for: interval)
                }
            }
            defer { group.cancelAll() }
            let result = try await body()
            rotateIfNeeded()
            return result
        }
    }

    /// Removes the file, its rotated files and its offset record.
    public func remove() {
        for file in [url, baseURL] + (1...keptFiles + 1).map(rotatedURL) {
            try? FileManager.default.removeItem(at: file)
        }
    }

    /// Paths being rotated now, so two writers of one file never rotate it at once.
    private static let rotating = Mutex<Set<String>>([])

    static func size(of url: URL) -> UInt64 {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return 0 }
        return UInt64(info.st_size)
    }
}
