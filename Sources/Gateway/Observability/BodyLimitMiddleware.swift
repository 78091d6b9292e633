import Hummingbird

/// Refuses a body announced larger than the limit with 413 before anything reads it;
/// handlers collect bodies with the same limit, which catches chunked ones.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw GatewayError.bodyTooLarge(limit: limit)
        }
        return try await next(request, context)
    }
}
