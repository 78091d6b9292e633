import ComponentsAPI
import Foundation
import Hummingbird

/// Encodes API responses as JSON with stable key order.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let body = try APIEncoding.encoder().encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `{"data": data, "messages": messages}` with status 200 (or `status`).
    static func data<T: Codable & Sendable>(_ data: T, messages: APIMessages = APIMessages(), status: HTTPResponse.Status = .ok) throws -> Response {
        try make(APIResponse(data: data, messages: messages), status: status)
    }
}
