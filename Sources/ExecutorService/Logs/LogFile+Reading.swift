import Foundation

/// Lines read from a ``LogFile`` and where to read next.
public struct LogFileChunk: Sendable, Hashable {
    /// Complete lines, without their newlines.
    public var lines: [String]
    /// The logical offset to pass to the next ``LogFile/read(from:maxBytes:includePartialLine:)``.
    public var nextOffset: UInt64
    /// True when the requested offset had been rotated away and reading started later.
    public var skippedRotatedData: Bool

    /// Creates a chunk.
    public init(lines: [String], nextOffset: UInt64, skippedRotatedData: Bool = false) {
        self.lines = lines
        self.nextOffset = nextOffset
        self.skippedRotatedData = skippedRotatedData
    }
}

extension LogFile {
    /// The last `count` lines, across rotated files, oldest first. A last line still being
    /// written (no newline yet) is included.
    public func tail(lines count: Int) -> [String] {
        lastLines(count, includePartialLine: true).lines
    }

    /// The last `count` complete lines, oldest first, and the logical offset just past them,
    /// so a follower goes on with ``read(from:maxBytes:includePartialLine:)`` and sees every
    /// later line once. A last line without its newline is held back unless
    /// `includePartialLine`, as in ``read(from:maxBytes:includePartialLine:)``. At most about
    /// `maxBytes` are read: a larger tail answers the lines that fit.
    public func lastLines(_ count: Int, includePartialLine: Bool = false, maxBytes: Int = 256 * 1024) -> LogFileChunk {
        let end = endOffset
        let limit = UInt64(max(maxBytes, 1))
        var window = min(16 * 1024, limit)
        while true {
            let start = end > window ? end - window : 0
            var chunk = read(from: start, upTo: end, includePartialLine: includePartialLine)
            // Unless reading began at the oldest byte kept, its first line may be cut.
            let fromOldest = start == 0 || chunk.skippedRotatedData
            if chunk.lines.count > count || fromOldest || window >= limit {
                if !fromOldest, !chunk.lines.isEmpty { chunk.lines.removeFirst() }
                chunk.lines = Array(chunk.lines.suffix(max(count, 0)))
                chunk.skippedRotatedData = false
                return chunk
            }
            window = min(window * 4, limit)
        }
    }

    /// Complete lines from logical `offset` on, at most about `maxBytes` of them, from one
    /// file: call again with `nextOffset` until it equals ``endOffset`` to read everything.
    ///
    /// A last line without its newline is held back (the writer may be in its middle) unless
    /// `includePartialLine`, for a run that ended. An offset that was rotated away reads from
    /// the oldest data kept and sets `skippedRotatedData`.
    public func read(from offset: UInt64, maxBytes: Int = 64 * 1024, includePartialLine: Bool = false) -> LogFileChunk {
        // Shared with other readers; a writer's rotation waits, so the files and base agree.
        files.withLock(exclusive: false) { readLocked(from: offset, maxBytes: maxBytes, includePartialLine: includePartialLine) }
    }

    private func readLocked(from offset: UInt64, maxBytes: Int, includePartialLine: Bool) -> LogFileChunk {
        let base = baseOffset
        var segments: [(url: URL, start: UInt64, size: UInt64)] = [(url, base, Self.size(of: url))]
        var start = base
        for index in 1...keptFiles {
            let file = rotatedURL(index)
            guard FileManager.default.fileExists(atPath: file.path) else { break }
            let size = Self.size(of: file)
            start = start >= size ? start - size : 0
            segments.append((file, start, size))
        }
        var skipped = false
        var from = offset
        if let oldest = segments.last, from < oldest.start {
            from = oldest.start
            skipped = true
        }
        guard let segment = segments.first(where: { from >= $0.start && from < $0.start + $0.size }) else {
            // At the end, or the file was truncated under a stale base: nothing new yet.
            return LogFileChunk(lines: [], nextOffset: from, skippedRotatedData: skipped)
        }
        let isCurrent = segment.url == url
        let wanted = Int(min(UInt64(max(maxBytes, 1)), segment.start + segment.size - from))
        guard let handle = try? FileHandle(forReadingFrom: segment.url) else {
            return LogFileChunk(lines: [], nextOffset: from, skippedRotatedData: skipped)
        }
        defer { try? handle.close() }
        try? handle.seek(toOffset: from - segment.start)
        let data = (try? handle.read(upToCount: wanted)) ?? Data()
        var bytes = [UInt8](data)
        let reachedEnd = from + UInt64(bytes.count) >= segment.start + segment.size
        if let lastNewline = bytes.lastIndex(of: 0x0A) {
            let keepPartial = reachedEnd && (!isCurrent || includePartialLine)
            if !keepPartial { bytes.removeSubrange((lastNewline + 1)...) }
        } else if isCurrent && reachedEnd && !includePartialLine {
            bytes = []
        }
        return LogFileChunk(lines: Self.splitLines(bytes), nextOffset: from + UInt64(bytes.count), skippedRotatedData: skipped)
    }

    /// Every line from `offset` to about `end`, across files: ``read(from:maxBytes:includePartialLine:)``
    /// until it reaches `end` or has nothing more.
    func read(from offset: UInt64, upTo end: UInt64, includePartialLine: Bool) -> LogFileChunk {
        var result = LogFileChunk(lines: [], nextOffset: offset)
        var first = true
        while first || result.nextOffset < end {
            let chunk = read(from: result.nextOffset, includePartialLine: includePartialLine)
            if first { result.skippedRotatedData = chunk.skippedRotatedData }
            first = false
            guard chunk.nextOffset != result.nextOffset else { break }
            result.lines += chunk.lines
            result.nextOffset = chunk.nextOffset
        }
        return result
    }

    /// Lines of `bytes`, without newlines or a trailing carriage return.
    static func splitLines(_ bytes: [UInt8]) -> [String] {
        guard !bytes.isEmpty else { return [] }
        var parts = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A { parts.removeLast() }
        return parts.map { part in
            var line = String(decoding: part, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            return line
        }
    }
}
