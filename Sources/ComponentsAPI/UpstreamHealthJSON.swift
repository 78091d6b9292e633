/// `data` of `/components/v1/healthz`: the Toolforge components-api's `HealthState`.
public struct UpstreamHealthJSON: Codable, Sendable, Hashable {
    /// Upstream's two states.
    public enum State: String, Codable, Sendable, Hashable {
        /// Every service answers.
        case ok = "OK"
        /// Some service does not.
        case error = "ERROR"
    }

    /// The gateway's state.
    public var status: State

    /// Creates a health state.
    public init(status: State) {
        self.status = status
    }
}
