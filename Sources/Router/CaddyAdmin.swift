import Foundation
import HTTPClient

/// Caddy's admin API on a Unix socket.
struct CaddyAdmin: Sendable {
    let socket: URL

    /// Replaces Caddy's whole config with `config`; Caddy keeps its listeners and lets requests
    /// in flight finish on the old config. Throws with Caddy's words when it refuses it.
    func load(_ config: Data) async throws(RouterError) {
        let response = try await send(HTTPRequest(method: "POST", url: "http://localhost/load", headers: [("Content-Type", "application/json")],
                                                  body: Array(config), timeout: .seconds(10), unixSocket: socket.path))
        guard response.status == 200 else {
            throw RouterError("Caddy refused the config (HTTP \(response.status)): \(String(decoding: response.body.prefix(2000), as: UTF8.self))")
        }
    }

    /// Caddy's metrics in the Prometheus text format.
    func metrics() async throws(RouterError) -> String {
        let response = try await send(HTTPRequest(url: "http://localhost/metrics", timeout: .seconds(5), unixSocket: socket.path))
        guard response.status == 200 else { throw RouterError("Caddy's /metrics answered HTTP \(response.status)") }
        return String(decoding: response.body, as: UTF8.self)
    }

    private func send(_ request: HTTPRequest) async throws(RouterError) -> HTTPResponse {
        do {
            return try await CurlHTTPClient.perform(request)
        } catch {
            throw RouterError("Caddy's admin API at \(socket.path) did not answer: \(error.message)")
        }
    }
}

/// Why the router could not do something, in words a person can act on.
public struct RouterError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
