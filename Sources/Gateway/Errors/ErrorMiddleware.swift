import ComponentsAPI
import Hummingbird
import Logging

/// Turns every error into the response envelope: `data: null`, the message in
/// `messages.error`, `violations` for config errors. Nothing else reaches the caller, so
/// no stack trace or internal detail ever does; causes go to the log. Under
/// `/components/v1` the envelope is upstream's: no `data`, and a bad config is 422.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = GatewayError(any: error)
            if let cause = failure.cause {
                let level: Logger.Level = failure.status.code >= 500 ? .warning : .debug
                context.logger.log(level: level, "request failed", metadata: ["status": "\(failure.status.code)", "cause": "\(cause)"])
            }
            return Self.response(for: failure, dialect: APIDialect(path: request.uri.path))
        }
    }

    /// The envelope of an error.
    static func response(for failure: GatewayError, dialect: APIDialect = .components) -> Response {
        let messages = APIMessages(error: [failure.message] + failure.violations.map(\.sentence))
        let violations = failure.violations.isEmpty ? nil : failure.violations
        var response: Response
        switch dialect {
        case .components:
            let body = APIResponse<NoData>(data: nil, messages: messages, violations: violations)
            response = (try? JSONResponse.make(body, status: failure.status)) ?? Response(status: failure.status)
        case .toolforge:
            // Upstream answers an invalid config with 422, as its validation does.
            let status: HTTPResponse.Status = failure.status == .badRequest && violations != nil ? .unprocessableContent : failure.status
            let body = ErrorEnvelope(messages: messages, violations: violations)
            response = (try? JSONResponse.make(body, status: status)) ?? Response(status: status)
        }
        switch failure.status {
        case .unauthorized:
            response.headers[.wwwAuthenticate] = "Bearer"
        case .serviceUnavailable, .tooManyRequests:
            response.headers[.retryAfter] = "1"
        default:
            break
        }
        return response
    }
}
