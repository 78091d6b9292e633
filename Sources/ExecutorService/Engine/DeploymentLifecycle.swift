/// The life of one deployment as a state machine: it takes what happened and answers the one
/// thing to do next, like NIO's `NIOAsyncWriter.StateMachine`. The runner performs the
/// action through its ``DeploymentRecorder``; nothing else decides how a deployment goes on
/// or ends. A cancel or timeout is an event too: the lifecycle keeps it, answers to interrupt
/// the work in flight, and ends the deployment with it once that work has wound down.
///
/// ```
/// pending --begin--> building --buildsEnded(ok)--> running --runsEnded(ok)--> stopping --stopsEnded--> finished
///               any failure, cancel, timeout or recording failure ----------------------------------> finished
/// ```
struct DeploymentLifecycle: Sendable {
    /// Where the deployment is.
    enum State: Sendable, Hashable {
        case pending, building, running, stopping, finished
    }

    /// What happened.
    enum Event: Sendable, Hashable {
        /// The deployment's turn came.
        case begin
        /// A cancel or the timeout: the deployment is to stop early.
        case stopRequested(DeploymentStop)
        /// Every build ended; `failure` says why the builds failed.
        case buildsEnded(failure: String?)
        /// Every run ended; `failure` says why the runs failed.
        case runsEnded(failure: String?)
        /// The removed components were stopped.
        case stopsEnded
        /// A status change could not be committed: the deployment cannot go on truthfully.
        case recordingFailed(String)
    }

    /// What to do next.
    enum Action: Sendable, Hashable {
        /// Commit the start, then build.
        case startBuilds(longStatus: String)
        /// Pass the builds barrier, commit the progress, then run.
        case startRuns(longStatus: String)
        /// Pass the runs barrier, then stop the removed components.
        case startStops
        /// Commit the end: `event` with `longStatus`, and every step that never started
        /// ends with `abandoned` (builds cancelled, runs skipped).
        case finish(DeploymentStateMachine.DeploymentEvent, longStatus: String, abandoned: String?)
        /// Interrupt the phase in flight (cancel its task); it then ends with its event.
        case interrupt
        /// Nothing: the deployment already finished, or nothing is in flight to interrupt.
        case none
    }

    private(set) var state: State = .pending
    /// Why the deployment stops early, once it was asked to: the first request wins.
    private(set) var stop: DeploymentStop?

    /// Takes `event` and answers what to do.
    mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.finished, _):
            return .none
        case (_, .stopRequested(let reason)):
            stop = stop ?? reason
            // Before its turn there is nothing to interrupt: `begin` ends it at once.
            return state == .pending ? .none : .interrupt
        case (_, .recordingFailed(let cause)):
            return finish(.fail, "The executor could not record the deployment: \(cause)",
                          abandoned: "Skipped: the executor could not record the deployment")
        case (.pending, .begin):
            if stop != nil { return finishEarly(stop, failure: nil, abandoned: "Cancelled before it started") }
            state = .building
            return .startBuilds(longStatus: "Building images")
        case (.building, .buildsEnded(let failure)):
            if stop != nil || failure != nil {
                return finishEarly(stop, failure: failure, abandoned: stop == nil ? "Skipped due to previous failure" : "Cancelled")
            }
            state = .running
            return .startRuns(longStatus: "Deploying components")
        case (.running, .runsEnded(let failure)):
            if stop != nil || failure != nil {
                return finishEarly(stop, failure: failure,
                                   abandoned: stop == nil ? "Skipped due to previous failure" : "Cancelled before it started")
            }
            state = .stopping
            return .startStops
        case (.stopping, .stopsEnded):
            return finishEarly(stop, failure: nil, abandoned: nil)
        default:
            // An event out of order is an executor bug: end rather than guess.
            return finish(.fail, "The executor failed: \(event) while \(state)", abandoned: "Skipped: the executor failed")
        }
    }

    /// The end, by why it ends: a cancel, a timeout, a failure, or success.
    private mutating func finishEarly(_ stop: DeploymentStop?, failure: String?, abandoned: String?) -> Action {
        switch stop {
        case .cancelled:
            return finish(.cancelled, "Cancelled; components that already ran were left as they were", abandoned: abandoned)
        case .timedOut:
            return finish(.timeOut, "Timed out: \(failure ?? "still running past the deployment timeout")", abandoned: abandoned)
        case nil:
            if let failure { return finish(.fail, failure, abandoned: abandoned) }
            return finish(.succeed, "All components deployed", abandoned: abandoned)
        }
    }

    private mutating func finish(_ event: DeploymentStateMachine.DeploymentEvent, _ longStatus: String,
                                 abandoned: String?) -> Action {
        state = .finished
        return .finish(event, longStatus: longStatus, abandoned: abandoned)
    }
}
