import ComponentsAPI
import Foundation
import HTTPClient

/// Calls the components API and unwraps its `{"data", "messages"}` envelope into the API
/// types the gateway encodes.
struct APIClient: Sendable {
    let baseURL: String
    let token: String
    let tool: String
    /// What to tell on standard error about each call (`-v`, `-d`).
    var verbosity = Verbosity.quiet

    /// What a call answered: `data` as the API type, `data` as the server wrote it, the
    /// whole envelope (what `--json` prints, as upstream's CLI does) and the warnings.
    struct Answer<Payload: Sendable>: Sendable {
        var data: Payload
        var json: JSONValue
        var envelope: JSONValue
        var warnings: [String]
    }

    /// The path of a tool endpoint.
    func toolPath(_ suffix: String) -> String { "/v1/tool/\(tool)/\(suffix)" }

    /// Sends a request and decodes its `data` as `Payload`. API errors become
    /// ``CLIError/failure(_:)`` with the server's message and violations.
    func send<Payload: Codable & Sendable>(
        _ method: String, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json",
        timeout: Duration = .seconds(30), as payload: Payload.Type
    ) async throws -> Answer<Payload> {
        var headers = [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", contentType)) }
        let response: HTTPResponse
        verbosity.request(method, baseURL + path, body: body)
        do {
            response = try await CurlHTTPClient.perform(HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body, timeout: timeout))
            verbosity.response(response.status, body: response.body)
        } catch {
            let reason = error.isConnectionFailure ? "connection refused" : error.message.lowercased()
            throw CLIError.failure("cannot reach the components API at \(baseURL): \(reason)")
        }
        let bytes = Data(response.body)
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(APIResponse<JSONValue>.self, from: bytes) else {
            throw CLIError.failure("the components API at \(baseURL) answered \(response.status) without JSON")
        }
        guard (200..<300).contains(response.status) else {
            throw CLIError.failure(Self.errorText(envelope, status: response.status))
        }
        guard let json = envelope.data else {
            throw CLIError.failure("the components API answered no data")
        }
        let data: Payload?
        do {
            data = try decoder.decode(APIResponse<Payload>.self, from: bytes).data
        } catch {
            throw CLIError.failure("the components API answered data this CLI does not understand: \(error)")
        }
        guard let data else { throw CLIError.failure("the components API answered no data") }
        let whole = (try? decoder.decode(JSONValue.self, from: bytes)) ?? json
        return Answer(data: data, json: json, envelope: whole, warnings: envelope.messages.warning)
    }

    /// The server's error lines, then each violation as `  LINE:COLUMN: PATH: MESSAGE`.
    static func errorText(_ envelope: APIResponse<JSONValue>, status: Int) -> String {
        var lines = envelope.messages.error.isEmpty ? ["the components API answered \(status)"] : envelope.messages.error
        for violation in envelope.violations ?? [] {
            lines.append("  \(violation.line):\(violation.column): \(violation.path): \(violation.message)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Prints `value` as indented JSON with sorted keys, as the API writes it.
func printJSON<Value: Encodable>(_ value: Value) {
    guard let data = try? APIEncoding.encoder(pretty: true).encode(value) else {
        print("null")
        return
    }
    print(String(decoding: data, as: UTF8.self))
}
