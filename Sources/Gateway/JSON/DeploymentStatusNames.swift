import ComponentsModel
import Protocol

// The status words of the API are the raw values of the shared status enums.

extension Wire.DeploymentStatus {
    /// `pending`, `running`, `successful`, `failed`, `cancelling`, `cancelled` or `timed_out`.
    var apiName: String { DeploymentStatus(wire: self).rawValue }
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
