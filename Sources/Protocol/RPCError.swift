/// An error that crosses the wire: a status code, a message a person can act on, and, for
/// invalid user input, the violations with their paths and lines.
///
/// Services throw it from handlers; the server sends it as the envelope `Status` and the
/// client rethrows it unchanged. Any other error a handler throws reaches the caller as
/// `internal` with a generic message, its details only in the server log.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status code.
    public var code: Wire.Code
    /// What went wrong and what to do about it.
    public var message: String
    /// Problems in user input, each with a path, line and column.
    public var violations: [Wire.Violation]

    /// Creates an error.
    public init(_ code: Wire.Code, _ message: String, violations: [Wire.Violation] = []) {
        self.code = code
        self.message = message
        self.violations = violations
    }

    /// Reads an error back from a wire status.
    public init(status: Wire.Status) {
        self.init(status.code, status.message, violations: status.violations)
    }

    /// The wire status carrying this error.
    public var status: Wire.Status {
        Wire.Status(code: code, message: message, violations: violations)
    }

    public var description: String { "\(code.name): \(message)" }
}

extension Wire.Code {
    /// The conventional upper-case name (`UNAVAILABLE`), for logs and messages.
    public var name: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .unauthenticated: "UNAUTHENTICATED"
        }
    }
}
