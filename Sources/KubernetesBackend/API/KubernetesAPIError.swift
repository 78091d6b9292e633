/// A failed API call: the HTTP status as a code, and the API's own message (for example
/// `exceeded quota: quota, requested: pods=1, used: pods=32, limited: pods=32`), which the
/// deployment's failure shows with the object's name.
public struct KubernetesAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status the API answered; open, so any status can be carried.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The HTTP status.
        public var rawValue: Int
        /// A code for an HTTP status.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// 400: the request is malformed.
        public static let badRequest = Code(rawValue: 400)
        /// 403: not allowed, or a quota exceeded.
        public static let forbidden = Code(rawValue: 403)
        /// 404: no such object.
        public static let notFound = Code(rawValue: 404)
        /// 409: a conflict, such as another field manager's field.
        public static let conflict = Code(rawValue: 409)
        /// The resourceVersion a watch asked for is gone; list again.
        public static let gone = Code(rawValue: 410)
        /// 422: the object is invalid.
        public static let unprocessable = Code(rawValue: 422)
        /// 429: slow down and retry.
        public static let tooManyRequests = Code(rawValue: 429)
        /// 503: the server cannot answer now; retry.
        public static let unavailable = Code(rawValue: 503)

        /// 429 and 5xx are worth retrying with backoff; other 4xx are the request's fault.
        public var isRetryable: Bool { rawValue == 429 || rawValue >= 500 }
        /// The status number.
        public var description: String { String(rawValue) }
    }

    /// The HTTP status.
    public var code: Code
    /// The object the call was about, when one.
    public var object: ObjectReference?
    /// The API's own message.
    public var message: String

    /// Creates an error.
    public init(code: Code, object: ObjectReference?, message: String) {
        self.code = code
        self.object = object
        self.message = message
    }

    /// `Kind/namespace/name: message (HTTP status)`, for a deployment's failure.
    public var description: String {
        "\(object.map { "\($0): " } ?? "")\(message) (HTTP \(code))"
    }
}
