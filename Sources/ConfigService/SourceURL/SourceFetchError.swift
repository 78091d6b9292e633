/// Why a `source_url` could not be fetched; the message names the URL and the problem.
public struct SourceFetchError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that map it.
    public enum Code: Sendable, Hashable {
        /// The policy refuses the URL or the address its host resolves to.
        case refused
        /// The host did not resolve or the connection failed.
        case unreachable
        /// No complete answer within the time cap.
        case timedOut
        /// The document is over the size cap.
        case tooLarge
        /// The server answered something other than 2xx (redirects included: they are not followed).
        case badStatus
    }

    /// The kind of failure.
    public var code: Code
    /// The URL that was asked for.
    public var url: String
    /// The problem in a person's words.
    public var problem: String

    /// Creates an error.
    public init(_ code: Code, url: String, _ problem: String) {
        self.code = code
        self.url = url
        self.problem = problem
    }

    public var description: String { "could not fetch the config from source_url \(url): \(problem)" }
}
