/// The only place deployment, build and run statuses change: each function answers the
/// new status for an event, or throws when the event is not allowed in the current one.
///
/// ```
/// deployment: pending → running → successful | failed | timed_out
///             pending | running → cancelling → cancelled
///             pending → cancelled (replaced while queued, or cancelled before start)
///             pending | running | cancelling → failed (executor restarted)
/// build:      pending → running → successful | failed | cancelled
///             pending → skipped | cancelled
/// run:        pending → running → successful | failed
///             pending → skipped;  running → failed (cancelled in flight)
/// ```
public enum DeploymentStateMachine {
    /// Something that happens to a deployment.
    public enum DeploymentEvent: Sendable, Hashable {
        case start
        case succeed
        case fail
        case requestCancel
        case cancelled
        case timeOut
        case replacedWhileQueued
        case executorRestarted
    }

    /// Something that happens to a build or a run.
    public enum StepEvent: Sendable, Hashable {
        case start
        case succeed
        case fail
        case skip
        case cancel
    }

    /// An event that is not allowed in the current status.
    public struct InvalidTransition: Error, Sendable, Hashable, CustomStringConvertible {
        public var from: String
        public var event: String
        public var description: String { "cannot \(event) from \(from)" }
    }

    /// The deployment status after `event`.
    public static func next(_ status: DeploymentStatus, on event: DeploymentEvent) throws(InvalidTransition) -> DeploymentStatus {
        switch (status, event) {
        case (.pending, .start): return .running
        case (.running, .succeed): return .successful
        case (.running, .fail), (.pending, .fail): return .failed
        case (.running, .timeOut), (.cancelling, .timeOut): return .timedOut
        case (.pending, .requestCancel), (.running, .requestCancel): return .cancelling
        case (.cancelling, .requestCancel): return .cancelling
        case (.cancelling, .cancelled): return .cancelled
        // A cancel that loses the race with the end keeps the end.
        case (.cancelling, .succeed): return .successful
        case (.cancelling, .fail): return .failed
        case (.pending, .replacedWhileQueued): return .cancelled
        case (.pending, .executorRestarted), (.running, .executorRestarted), (.cancelling, .executorRestarted): return .failed
        default: throw InvalidTransition(from: status.rawValue, event: "\(event)")
        }
    }

    /// The build status after `event`.
    public static func next(_ status: BuildStatus, on event: StepEvent) throws(InvalidTransition) -> BuildStatus {
        switch (status, event) {
        case (.pending, .start): return .running
        case (.running, .succeed): return .successful
        case (.running, .fail): return .failed
        case (.pending, .skip): return .skipped
        case (.pending, .cancel), (.running, .cancel): return .cancelled
        default: throw InvalidTransition(from: status.rawValue, event: "\(event)")
        }
    }

    /// The run status after `event`. A run has no cancelled status: a cancelled run that had
    /// not started is skipped, one stopped in flight failed.
    public static func next(_ status: RunStatus, on event: StepEvent) throws(InvalidTransition) -> RunStatus {
        switch (status, event) {
        case (.pending, .start): return .running
        case (.running, .succeed): return .successful
        case (.running, .fail), (.pending, .fail): return .failed
        case (.pending, .skip), (.pending, .cancel): return .skipped
        // A run stopped in flight by a cancel did not reach its goal.
        case (.running, .cancel): return .failed
        default: throw InvalidTransition(from: status.rawValue, event: "\(event)")
        }
    }
}
