import ExecutorService
import Foundation

/// An image's `Procfile`: lines of `name: command`, as Heroku and Toolforge's buildpacks
/// write them. A run's `command` that names an entry runs that entry's command.
public struct Procfile: Sendable, Hashable {
    /// One `name: command` line.
    public struct Entry: Sendable, Hashable {
        /// The process type name (`web`, `worker`, `migratedb`).
        public var name: String
        /// The shell command.
        public var command: String
    }

    /// Commands by process type name, in file order of first appearance.
    public private(set) var entries: [Entry]

    /// Parses Procfile text. Blank lines and `#` comments are skipped; a later entry of the
    /// same name replaces an earlier one; lines without `name:` are ignored, as Heroku does.
    public init(parsing text: String) {
        var entries: [Entry] = []
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let command = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard Self.isValidName(name), !command.isEmpty else { continue }
            if let existing = entries.firstIndex(where: { $0.name == name }) {
                entries[existing].command = command
            } else {
                entries.append(Entry(name: name, command: command))
            }
        }
        self.entries = entries
    }

    /// The largest Procfile read; a real one is a few lines.
    public static let maxBytes = 64 * 1024

    /// The `Procfile` at the root of `directory`, or nil when it has none. It must be a regular
    /// file of at most ``maxBytes``: a symlink (which could point at any file the executor can
    /// read), a device, a FIFO or a huge file is refused, never followed or read to its end.
    public static func load(from directory: URL) throws(ProcfileError) -> Procfile? {
        let path = directory.appendingPathComponent("Procfile").path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return nil
            case ELOOP: throw ProcfileError("the Procfile is a symbolic link; commit it as a regular file")
            default: throw ProcfileError("cannot open the Procfile: \(String(cString: strerror(errno)))")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ProcfileError("the Procfile is not a regular file; commit it as a plain text file")
        }
        guard info.st_size <= maxBytes else {
            throw ProcfileError("the Procfile is \(info.st_size) bytes, over the \(maxBytes / 1024) KiB limit; a Procfile holds a few command lines")
        }
        var bytes = [UInt8](repeating: 0, count: maxBytes + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        guard filled <= maxBytes else {
            throw ProcfileError("the Procfile grew past the \(maxBytes / 1024) KiB limit while it was read")
        }
        return Procfile(parsing: String(decoding: bytes[..<filled], as: UTF8.self))
    }

    /// The command of entry `name`, if there is one.
    public func command(named name: String) -> String? {
        entries.first { $0.name == name }?.command
    }

    /// What to hand to `/bin/sh -c` for a run's `command` in `directory`: the Procfile entry
    /// of that name when the image has one, else the command itself. Runs off any actor, so a
    /// slow disk never holds up the supervisor.
    @concurrent
    public static func resolveCommand(_ command: String, in directory: URL) async throws(ProcfileError) -> String {
        try load(from: directory)?.command(named: command.trimmingCharacters(in: .whitespaces)) ?? command
    }

    /// Heroku's process type names: ASCII letters, digits, `_` and `-`.
    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}

/// Why an image's Procfile cannot be used.
public struct ProcfileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
