/// A log file that could not be created or written; the message names the file and why.
public struct LogFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, with the file's path.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
