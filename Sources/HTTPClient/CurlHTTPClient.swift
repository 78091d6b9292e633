// The one Swift file that talks to libcurl: it turns an HTTPRequest into a libcurl easy
// transfer and the result back into Swift values. libcurl is loaded on the first request
// (CCurl), so processes that never make one do not carry it.
import CCurl
import Foundation

/// An HTTP request for ``CurlHTTPClient``.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `DELETE`.
    public var method: String
    /// The full URL.
    public var url: String
    /// Header lines as name and value.
    public var headers: [(String, String)]
    /// The body, if any.
    public var body: [UInt8]?
    /// Time for the whole transfer.
    public var timeout: Duration
    /// Whether proxies from the environment apply (not for health checks on loopback).
    public var useProxy: Bool
    /// Whether the body is kept (a health check only needs the status).
    public var keepBody: Bool
    /// A Unix socket to connect to instead of the URL's host and port (Caddy's admin API).
    public var unixSocket: String?
    /// The most body bytes kept; a longer answer ends the transfer with ``HTTPClientError/isTooLarge``.
    public var maxBodyBytes: Int?
    /// Addresses to connect to instead of asking DNS, as libcurl's `HOST:PORT:ADDRESS`, so a
    /// transfer reaches the address that was checked and not one a second lookup answers.
    public var pinnedAddresses: [String]
    /// The schemes the transfer may use, as libcurl writes them (`https`, `http,https`).
    public var protocols: String

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                timeout: Duration = .seconds(30), useProxy: Bool = true, keepBody: Bool = true, unixSocket: String? = nil,
                maxBodyBytes: Int? = nil, pinnedAddresses: [String] = [], protocols: String = "http,https") {
        self.unixSocket = unixSocket
        self.maxBodyBytes = maxBodyBytes
        self.pinnedAddresses = pinnedAddresses
        self.protocols = protocols
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.useProxy = useProxy
        self.keepBody = keepBody
    }
}

/// What the server answered.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The body.
    public var body: [UInt8]
    /// Where a redirect answer points (redirects are never followed), else nil.
    public var redirectURL: String? = nil
}

/// A transfer that did not get an answer: connection refused, timeout, bad URL.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// libcurl's code.
    public var code: Int
    /// libcurl's words, like "Connection refused" or "Timeout was reached".
    public var message: String
    /// Whether the server could not be reached at all.
    public var isConnectionFailure: Bool { code == Int(CURLE_COULDNT_CONNECT.rawValue) || code == Int(CURLE_COULDNT_RESOLVE_HOST.rawValue) }
    /// Whether the time ran out.
    public var isTimeout: Bool { code == Int(CURLE_OPERATION_TIMEDOUT.rawValue) }
    /// Whether the body grew past ``HTTPRequest/maxBodyBytes``.
    public var isTooLarge: Bool { code == Self.tooLargeCode }
    /// The code of a transfer stopped at ``HTTPRequest/maxBodyBytes`` (not one of libcurl's).
    static let tooLargeCode = -2
    public var description: String { message }
}

/// HTTP through libcurl, as the design names it for the CLI and HTTP health checks.
public enum CurlHTTPClient {
    /// nil once libcurl is loaded and initialized, else why it could not be.
    private static let loadError: String? = {
        var error = [CChar](repeating: 0, count: 256)
        guard ccurl_load(&error, error.count) != 1 else { return nil }
        return String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Performs `request` on a background thread.
    public static func perform(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let result: Result<HTTPResponse, HTTPClientError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: performBlocking(request))
            }
        }
        return try result.get()
    }

    private final class Sink {
        var bytes: [UInt8] = []
        var upload: [UInt8]
        var uploadOffset = 0
        let keep: Bool
        let limit: Int
        var overflowed = false
        init(upload: [UInt8], keep: Bool, limit: Int?) {
            self.upload = upload
            self.keep = keep
            self.limit = limit ?? Int.max
        }
    }

    /// Performs `request` on the calling thread.
    public static func performBlocking(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPClientError> {
        if let loadError {
            return .failure(HTTPClientError(code: -1, message: loadError))
        }
        guard let handle = ccurl_easy_init() else {
            return .failure(HTTPClientError(code: -1, message: "libcurl could not start"))
        }
        defer { ccurl_easy_cleanup(handle) }
        let sink = Sink(upload: request.body ?? [], keep: request.keepBody, limit: request.maxBodyBytes)
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers {
            headerList = ccurl_slist_append(headerList, "\(name): \(value)")
        }
        if request.body != nil {
            headerList = ccurl_slist_append(headerList, "Expect:")
        }
        defer { ccurl_slist_free_all(headerList) }
        var pinned: UnsafeMutablePointer<curl_slist>?
        for entry in request.pinnedAddresses {
            pinned = ccurl_slist_append(pinned, entry)
        }
        defer { ccurl_slist_free_all(pinned) }
        if pinned != nil {
            _ = ccurl_setopt_pointer(handle, CURLOPT_RESOLVE, UnsafeMutableRawPointer(pinned))
        }

        _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000)))
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 5000)
        _ = ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, request.protocols)
        _ = ccurl_setopt_string(handle, CURLOPT_USERAGENT, "components")
        if let socket = request.unixSocket {
            _ = ccurl_setopt_string(handle, CURLOPT_UNIX_SOCKET_PATH, socket)
        }
        if !request.useProxy || request.unixSocket != nil {
            _ = ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*")
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer.toOpaque())
        let write: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
            guard let data, let user else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
            guard sink.keep else { return size * count }
            guard sink.bytes.count + size * count <= sink.limit else {
                sink.overflowed = true
                return 0
            }
            data.withMemoryRebound(to: UInt8.self, capacity: size * count) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: size * count)) }
            return size * count
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEFUNCTION, unsafeBitCast(write, to: UnsafeMutableRawPointer.self))
        if let body = request.body {
            _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, request.method == "PUT" ? 1 : 0)
            if request.method != "PUT" {
                _ = ccurl_setopt_long(handle, CURLOPT_POST, 1)
            }
            _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            _ = ccurl_setopt_long(handle, CURLOPT_INFILESIZE, body.count)
            _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, sinkPointer.toOpaque())
            let read: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, user in
                guard let buffer, let user else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
                let n = min(size * count, sink.upload.count - sink.uploadOffset)
                sink.upload.withUnsafeBytes { raw in
                    if n > 0, let base = raw.baseAddress {
                        UnsafeMutableRawPointer(buffer).copyMemory(from: base + sink.uploadOffset, byteCount: n)
                    }
                }
                sink.uploadOffset += n
                return n
            }
            _ = ccurl_setopt_pointer(handle, CURLOPT_READFUNCTION, unsafeBitCast(read, to: UnsafeMutableRawPointer.self))
        }
        let code = ccurl_easy_perform(handle)
        if sink.overflowed {
            return .failure(HTTPClientError(code: HTTPClientError.tooLargeCode, message: "the answer is larger than \(sink.limit) bytes"))
        }
        guard code == CURLE_OK else {
            return .failure(HTTPClientError(code: Int(code.rawValue), message: String(cString: ccurl_easy_strerror(code))))
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var redirect: UnsafeMutablePointer<CChar>?
        _ = ccurl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &redirect)
        return .success(HTTPResponse(status: status, body: sink.bytes, redirectURL: redirect.map { String(cString: $0) }))
    }
}
