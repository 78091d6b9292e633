import ExecutorService
import Foundation
import HTTPClient

/// An HTTP GET health check through libcurl (the shared HTTPClient target).
enum HTTPHealthProbe {
    /// GETs `url` (redirects not followed, no proxy: the target is on loopback) and answers
    /// nil when it answered 2xx or 3xx within `timeout`, else why not.
    static func check(url: String, timeout: Duration) async -> String? {
        let response: HTTPResponse
        do {
            response = try await CurlHTTPClient.perform(HTTPRequest(url: url, timeout: timeout, useProxy: false, keepBody: false))
        } catch {
            return "GET \(url) failed: \(error.message)"
        }
        guard (200..<400).contains(response.status) else {
            return "GET \(url) answered HTTP \(response.status)"
        }
        return nil
    }
}
