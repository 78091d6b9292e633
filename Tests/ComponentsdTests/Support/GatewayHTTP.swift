import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request to a running gateway: its status and its body as a JSON object (empty when it
/// is not one).
func gatewayHTTP(_ base: String, _ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> (Int, [String: Any]) {
    guard let url = URL(string: base + path) else { throw InvalidGatewayURL(url: base + path) }
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = 60
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    request.httpBody = body.map { Data($0.utf8) }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
}

/// A URL that cannot be made from a base and a path.
struct InvalidGatewayURL: Error {
    let url: String
}
