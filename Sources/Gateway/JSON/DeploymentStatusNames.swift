import ComponentsModel
import Protocol

// The status words of the API are the raw values of the shared status enums; these map the
// wire's enums onto them (the compiler checks every case).

extension Wire.DeploymentStatus {
    /// `pending`, `running`, `successful`, `failed`, `cancelling`, `cancelled` or `timed_out`.
    var apiName: String {
        let status: DeploymentStatus = switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .cancelling: .cancelling
        case .cancelled: .cancelled
        case .timedOut: .timedOut
        }
        return status.rawValue
    }
}

extension Wire.BuildStatus {
    /// `pending`, `running`, `successful`, `failed`, `skipped` or `cancelled`.
    var apiName: String {
        let status: BuildStatus = switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        case .cancelled: .cancelled
        }
        return status.rawValue
    }
}

extension Wire.RunStatus {
    /// `pending`, `running`, `successful`, `failed` or `skipped`.
    var apiName: String {
        let status: RunStatus = switch self {
        case .pending: .pending
        case .running: .running
        case .successful: .successful
        case .failed: .failed
        case .skipped: .skipped
        }
        return status.rawValue
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
