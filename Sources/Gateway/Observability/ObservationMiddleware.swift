import Foundation
import Hummingbird
import Logging

/// Writes one access-log line per request (method, path without the token, status,
/// duration) and records the request in the metrics. Outermost, so it sees the status the
/// caller gets, errors included.
struct ObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: GatewayMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            observe(request, context: context, status: response.status.code, duration: start.duration(to: .now))
            return response
        } catch {
            observe(request, context: context, status: GatewayError(any: error).status.code, duration: start.duration(to: .now))
            throw error
        }
    }

    private func observe(_ request: Request, context: Context, status: Int, duration: Duration) {
        let route = context.endpointPath ?? "NotFound"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: status, duration: duration)
        let milliseconds = Double(duration.components.attoseconds / 1_000_000_000_000) / 1000 + Double(duration.components.seconds) * 1000
        context.logger.info(
            "\(request.method.rawValue) \(Self.loggablePath(path: request.uri.path, query: request.uri.query)) \(status) \(String(format: "%.1f", milliseconds)) ms",
            metadata: ["http.route": "\(route)", "http.status": "\(status)"])
    }

    /// The path and query with any `token` value replaced, so secrets never reach the log.
    static func loggablePath(path: String, query: String?) -> String {
        guard let query, !query.isEmpty else { return path }
        let parts = query.split(separator: "&", omittingEmptySubsequences: false).map { part -> Substring in
            let key = part.split(separator: "=", maxSplits: 1).first ?? part
            return key == "token" ? "token=REDACTED" : part
        }
        return path + "?" + parts.joined(separator: "&")
    }
}
