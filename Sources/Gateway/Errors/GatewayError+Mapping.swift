import ComponentsAPI
import Hummingbird
import NIOCore
import Protocol

// The one place where errors become HTTP statuses.

extension GatewayError {
    /// The answer to a failed call to `service`: RPC status codes map to HTTP statuses, and
    /// failures that are not the caller's show a generic message (the cause goes to the log).
    init(_ error: RPCError, service: String) {
        let violations = error.violations.map(ViolationJSON.init)
        switch error.code {
        case .invalidArgument:
            self.init(.badRequest, error.message, violations: violations)
        case .unauthenticated:
            self.init(.unauthorized, error.message)
        case .permissionDenied:
            self.init(.forbidden, error.message)
        case .notFound:
            self.init(.notFound, error.message)
        case .alreadyExists, .failedPrecondition:
            self.init(.conflict, error.message)
        case .resourceExhausted:
            self.init(.tooManyRequests, "the \(service) service is busy: \(error.message)")
        case .unavailable:
            self.init(.serviceUnavailable, "the \(service) service is unavailable, retry in a moment", cause: error.message)
        case .deadlineExceeded:
            self.init(.gatewayTimeout, "the \(service) service did not answer in time, retry in a moment", cause: error.message)
        case .ok, .cancelled, .unimplemented, .internal:
            self.init(.internalServerError, "the \(service) service could not answer this request; its log has the details", cause: error.description)
        }
    }

    /// Any error a handler or middleware throws, as the gateway answers it.
    init(any error: any Error) {
        switch error {
        case let error as GatewayError:
            self = error
        case let error as RPCError:
            self.init(error, service: "backend")
        case is NIOTooManyBytesError:
            self.init(.contentTooLarge, "the request body is too large; send a smaller one")
        case let error as HTTPError:
            self.init(error.status, error.body ?? Self.sentence(for: error.status))
        case let error as any HTTPResponseError:
            self.init(error.status, Self.sentence(for: error.status))
        default:
            self.init(.internalServerError, "the gateway could not answer this request; its log has the details", cause: "\(error)")
        }
    }

    private static func sentence(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "no such endpoint; GET /openapi.yaml lists them"
        case .methodNotAllowed: "this endpoint does not take that method; GET /openapi.yaml lists them"
        case .contentTooLarge: "the request body is too large; send a smaller one"
        default: status.reasonPhrase.isEmpty ? "request failed with status \(status.code)" : status.reasonPhrase.lowercased()
        }
    }
}

extension RPCCaller {
    /// Calls `method`, failing with the ``GatewayError`` the caller should see.
    func send<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod<Request, Response>,
        _ request: Request,
        timeout: Duration? = nil
    ) async throws(GatewayError) -> Response {
        do {
            return try await call(method, request, timeout: timeout)
        } catch {
            throw GatewayError(error, service: serviceName)
        }
    }
}
