/// Where a deployment is in its life. The raw values are the API's status words; the
/// executor, the gateway and the CLI all derive theirs from these enums.
public enum DeploymentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, successful, failed, cancelling, cancelled
    case timedOut = "timed_out"

    /// Whether nothing will change it any more.
    public var isFinal: Bool {
        switch self {
        case .successful, .failed, .cancelled, .timedOut: true
        case .pending, .running, .cancelling: false
        }
    }
}

/// Where one build of a deployment is. `unknown` is upstream's word for a build whose state
/// could not be read: accepted and shown, never set by this executor.
public enum BuildStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, successful, failed, skipped, cancelled, unknown

    /// Whether nothing will change it any more (an unknown state may still change).
    public var isFinal: Bool { self != .pending && self != .running && self != .unknown }
}

/// Where one run of a deployment is. `unknown` is upstream's word for a run whose state could
/// not be read: accepted and shown, never set by this executor.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, successful, failed, skipped, unknown

    /// Whether nothing will change it any more (an unknown state may still change).
    public var isFinal: Bool { self != .pending && self != .running && self != .unknown }
}

extension DeploymentStatus {
    /// The statuses nothing changes any more, for queries.
    public static let finals = allCases.filter(\.isFinal)
    /// The statuses a deployment can still leave, for queries.
    public static let unfinished = allCases.filter { !$0.isFinal }
}
