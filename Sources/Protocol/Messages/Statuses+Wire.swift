import ComponentsModel

// The one place the shared status enums and the wire's meet, both ways (the compiler checks
// every case).

extension DeploymentStatus {
    /// The status a wire status stands for.
    public init(wire: Wire.DeploymentStatus) {
        self = switch wire {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .cancelling: .cancelling
        case .cancelled: .cancelled
        case .timedOut: .timedOut
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

extension BuildStatus {
    /// The status a wire status stands for.
    public init(wire: Wire.BuildStatus) {
        self = switch wire {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        case .cancelled: .cancelled
        case .unknown: .unknown
        }
    }

    /// The wire form.
    public var wire: Wire.BuildStatus {
        switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        case .cancelled: .cancelled
        case .unknown: .unknown
        }
    }
}

extension RunStatus {
    /// The status a wire status stands for.
    public init(wire: Wire.RunStatus) {
        self = switch wire {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        case .unknown: .unknown
        }
    }

    /// The wire form.
    public var wire: Wire.RunStatus {
        switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        case .unknown: .unknown
        }
    }
}
