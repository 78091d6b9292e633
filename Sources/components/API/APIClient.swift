import Foundation
import HTTPClient

/// Calls the components API and unwraps its `{"data", "messages"}` envelope.
struct APIClient: Sendable {
    let baseURL: String
    let token: String
    let tool: String

    /// The path of a tool endpoint.
    func toolPath(_ suffix: String) -> String { "/v1/tool/\(tool)/\(suffix)" }

    /// Sends a request; answers `data` (as JSON bytes) and the warnings. API errors become
    /// ``CLIError/failure(_:)`` with the server's message and violations.
    func send(_ method: String, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json", timeout: Duration = .seconds(30)) async throws -> (data: Any?, warnings: [String], raw: [String: Any]) {
        var headers = [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", contentType)) }
        let response: HTTPResponse
        do {
            response = try await CurlHTTPClient.perform(HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body, timeout: timeout))
        } catch {
            let reason = error.isConnectionFailure ? "connection refused" : error.message.lowercased()
            throw CLIError.failure("cannot reach the components API at \(baseURL): \(reason)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw CLIError.failure("the components API at \(baseURL) answered \(response.status) without JSON")
        }
        let messages = object["messages"] as? [String: Any]
        let warnings = messages?["warning"] as? [String] ?? []
        guard (200..<300).contains(response.status) else {
            var lines = (messages?["error"] as? [String]) ?? ["the components API answered \(response.status)"]
            for violation in object["violations"] as? [[String: Any]] ?? [] {
                let line = violation["line"] as? Int ?? 0, column = violation["column"] as? Int ?? 0
                lines.append("  \(line):\(column): \(violation["path"] as? String ?? ""): \(violation["message"] as? String ?? "")")
            }
            throw CLIError.failure(lines.joined(separator: "\n"))
        }
        return (object["data"], warnings, object)
    }

    /// `data` decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type, from data: Any?) throws -> T {
        guard let data, let bytes = try? JSONSerialization.data(withJSONObject: data) else {
            throw CLIError.failure("the components API answered no data")
        }
        do {
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch {
            throw CLIError.failure("the components API answered data this CLI does not understand: \(error)")
        }
    }
}

/// Prints JSON of an API `data` value.
func printJSON(_ value: Any?) {
    guard let value, JSONSerialization.isValidJSONObject(value) || value is String || value is NSNumber,
          let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed]) else {
        print("null")
        return
    }
    print(String(decoding: data, as: UTF8.self))
}
