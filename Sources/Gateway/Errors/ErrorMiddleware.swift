import ComponentsAPI
import Hummingbird
import Logging

/// Turns every error into the response envelope: `data: null`, the message in
/// `messages.error`, `violations` for config errors. Nothing else reaches the caller, so
/// no stack trace or internal detail ever does; causes go to the log.
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
            return Self.response(for: failure)
        }
    }

    /// The envelope of an error.
    static func response(for failure: GatewayError) -> Response {
        let body = APIResponse<NoData>(
            data: nil,
            messages: APIMessages(error: [failure.message] + failure.violations.map(\.sentence)),
            violations: failure.violations.isEmpty ? nil : failure.violations)
        var response = (try? JSONResponse.make(body, status: failure.status)) ?? Response(status: failure.status)
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
