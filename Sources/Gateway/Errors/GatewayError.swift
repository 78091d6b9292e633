import ComponentsAPI
import Hummingbird

/// An error the gateway answers: an HTTP status, a message a person can act on and, for
/// config errors, the violations. Rendered in the response envelope by ``ErrorMiddleware``.
public struct GatewayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong and what to do about it; shown to the caller.
    public var message: String
    /// Problems in a config, with where they are.
    public var violations: [ViolationJSON]
    /// What caused it, for the gateway's log only (never shown to the caller).
    public var cause: String?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, violations: [ViolationJSON] = [], cause: String? = nil) {
        self.status = status
        self.message = message
        self.violations = violations
        self.cause = cause
    }

    public var description: String { "\(status.code): \(message)" }
}

extension GatewayError {
    static func badRequest(_ message: String) -> GatewayError {
        GatewayError(.badRequest, message)
    }

    static func unauthorized(_ message: String) -> GatewayError {
        GatewayError(.unauthorized, message)
    }

    static func forbidden(_ message: String) -> GatewayError {
        GatewayError(.forbidden, message)
    }

    static func tooManyRequests(_ message: String) -> GatewayError {
        GatewayError(.tooManyRequests, message)
    }

    static func bodyTooLarge(limit: Int) -> GatewayError {
        GatewayError(.contentTooLarge, "the request body is larger than \(ByteCount(limit)); send a smaller one")
    }
}

/// A byte count as people read it ("1 MiB", "512 KiB", "300 bytes").
struct ByteCount: CustomStringConvertible {
    var bytes: Int
    init(_ bytes: Int) { self.bytes = bytes }

    var description: String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
