import Protocol

// The status words of the Toolforge components-api v1, in one place.

extension Wire.DeploymentStatus {
    /// `pending`, `running`, `successful`, `failed`, `cancelling`, `cancelled` or `timed_out`.
    var apiName: String {
        switch self {
        case .pending: "pending"
        case .running: "running"
        case .successful: "successful"
        case .failed: "failed"
        case .cancelling: "cancelling"
        case .cancelled: "cancelled"
        case .timedOut: "timed_out"
        }
    }
}

extension Wire.BuildStatus {
    /// `pending`, `running`, `successful`, `failed`, `skipped` or `cancelled`.
    var apiName: String {
        switch self {
        case .pending: "pending"
        case .running: "running"
        case .successful: "successful"
        case .failed: "failed"
        case .skipped: "skipped"
        case .cancelled: "cancelled"
        }
    }
}

extension Wire.RunStatus {
    /// `pending`, `running`, `successful`, `failed` or `skipped`.
    var apiName: String {
        switch self {
        case .pending: "pending"
        case .running: "running"
        case .successful: "successful"
        case .failed: "failed"
        case .skipped: "skipped"
        }
    }
}

extension Wire.StepKind {
    /// `build`, `run`, `stop`, `skip` or `barrier`.
    var apiName: String {
        switch self {
        case .build: "build"
        case .run: "run"
        case .stop: "stop"
        case .skip: "skip"
        case .barrier: "barrier"
        }
    }
}
