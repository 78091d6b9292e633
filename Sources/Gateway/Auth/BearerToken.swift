import Foundation
import Hummingbird

/// The token a request carries: `Authorization: Bearer <token>`, or `?token=<token>` for CI
/// webhooks that cannot set headers.
struct BearerToken: Sendable, Hashable {
    /// Where the token was found.
    enum Origin: Sendable, Hashable {
        case header
        case query
    }

    var value: String
    var origin: Origin

    /// The request's token; the header wins when both are present.
    static func from(_ request: Request) throws(GatewayError) -> BearerToken {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw .unauthorized("the Authorization header must be \"Bearer <token>\"")
            }
            return BearerToken(value: parts[1].trimmingCharacters(in: .whitespaces), origin: .header)
        }
        if let query = request.uri.queryParameters["token"], !query.isEmpty {
            return BearerToken(value: String(query), origin: .query)
        }
        throw .unauthorized("this endpoint needs a token: send \"Authorization: Bearer <token>\" (a deploy token may also come as ?token=)")
    }
}
