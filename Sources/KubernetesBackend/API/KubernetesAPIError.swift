/// A failed API call: the HTTP status as a code, and the API's own message (for example
/// `exceeded quota: quota, requested: pods=1, used: pods=32, limited: pods=32`), which the
/// deployment's failure shows with the object's name.
public struct KubernetesAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let badRequest = Code(rawValue: 400)
        public static let forbidden = Code(rawValue: 403)
        public static let notFound = Code(rawValue: 404)
        public static let conflict = Code(rawValue: 409)
        /// The resourceVersion a watch asked for is gone; list again.
        public static let gone = Code(rawValue: 410)
        public static let unprocessable = Code(rawValue: 422)
        public static let tooManyRequests = Code(rawValue: 429)
        public static let unavailable = Code(rawValue: 503)

        /// 429 and 5xx are worth retrying with backoff; other 4xx are the request's fault.
        public var isRetryable: Bool { rawValue == 429 || rawValue >= 500 }
        public var description: String { String(rawValue) }
    }

    public var code: Code
    /// The object the call was about, when one.
    public var object: ObjectReference?
    public var message: String

    public init(code: Code, object: ObjectReference?, message: String) {
        self.code = code
        self.object = object
        self.message = message
    }

    public var description: String {
        "\(object.map { "\($0): " } ?? "")\(message) (HTTP \(code))"
    }
}
