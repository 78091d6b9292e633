import CCurl
import Foundation

/// HTTP GET through libcurl, the one place that talks to CCurl.
enum HTTPHealthProbe {
    /// curl's global state, set up once before the first handle (thread-safe since 7.84).
    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// GETs `url` (redirects not followed) and answers nil when it answered 2xx or 3xx within
    /// `timeout`, else why not. Runs on its own thread: `curl_easy_perform` blocks.
    static func check(url: String, timeout: Duration) async -> String? {
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let thread = Thread {
                continuation.resume(returning: perform(url: url, timeout: timeout))
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    private static func perform(url: String, timeout: Duration) -> String? {
        guard globalInit, let handle = curl_easy_init() else { return "libcurl could not be initialised" }
        defer { curl_easy_cleanup(handle) }
        let milliseconds = max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
        _ = ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        _ = ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_setopt_string(handle, CURLOPT_USERAGENT, "components-health-check")
        // No proxy from the environment: the target is always the component on loopback.
        _ = ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*")
        let discard: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { _, size, count, _ in
            size * count
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEFUNCTION, unsafeBitCast(discard, to: UnsafeMutableRawPointer.self))
        let result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            return "GET \(url) failed: \(String(cString: curl_easy_strerror(result)))"
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard (200..<400).contains(status) else {
            return "GET \(url) answered HTTP \(status)"
        }
        return nil
    }
}
