// The status enums are the shared model's; users of the executor see them.
@_exported import ComponentsModel
import Protocol

// The wire forms of the shared status enums.

extension DeploymentStatus {
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

extension RunStatus {
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
