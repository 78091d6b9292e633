import Protocol

/// Where a deployment is in its life.
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

    /// The wire form.
    public var wire: Wire.DeploymentStatus {
        switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .cancelling: .cancelling
        case .cancelled: .cancelled
        case .timedOut: .timedOut
        }
    }
}

/// Where one build of a deployment is.
public enum BuildStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, successful, failed, skipped, cancelled

    /// Whether nothing will change it any more.
    public var isFinal: Bool { self != .pending && self != .running }

    /// The wire form.
    public var wire: Wire.BuildStatus {
        switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        case .cancelled: .cancelled
        }
    }
}

/// Where one run of a deployment is.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, successful, failed, skipped

    /// Whether nothing will change it any more.
    public var isFinal: Bool { self != .pending && self != .running }

    /// The wire form.
    public var wire: Wire.RunStatus {
        switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        }
    }
}
