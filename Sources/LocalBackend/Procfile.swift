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

    /// The `Procfile` at the root of `directory`, or nil when it has none.
    public static func load(from directory: URL) -> Procfile? {
        let url = directory.appendingPathComponent("Procfile")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return Procfile(parsing: String(decoding: data, as: UTF8.self))
    }

    /// The command of entry `name`, if there is one.
    public func command(named name: String) -> String? {
        entries.first { $0.name == name }?.command
    }

    /// What to hand to `/bin/sh -c` for a run's `command` in `directory`: the Procfile entry
    /// of that name when the image has one, else the command itself.
    public static func resolveCommand(_ command: String, in directory: URL) -> String {
        load(from: directory)?.command(named: command.trimmingCharacters(in: .whitespaces)) ?? command
    }

    /// Heroku's process type names: ASCII letters, digits, `_` and `-`.
    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
