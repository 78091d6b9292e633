/// `data` of `/v1/healthz`: `ok` when every service answers its health call, else
/// `degraded`, with each service's health.
public struct HealthJSON: Codable, Sendable, Hashable {
    /// What the gateway reports for one service.
    public struct Service: Codable, Sendable, Hashable {
        /// `ok`, `unavailable` or `wrong service`.
        public var status: String
        /// Why it is not ok; absent when it is.
        public var message: String?

        /// Creates a service's health.
        public init(status: String, message: String? = nil) {
            self.status = status
            self.message = message
        }
    }

    /// `ok` or `degraded`.
    public var status: String
    /// Each service's health by name.
    public var services: [String: Service]

    /// Creates a health report.
    public init(status: String, services: [String: Service]) {
        self.status = status
        self.services = services
    }
}
