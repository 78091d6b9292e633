import Logging

/// The one place a deployment's records change. It persists first: each status change is
/// committed before the work it announces starts. It fails loudly: a store error is thrown
/// as a ``StoreFailure`` that names what could not be done, so the lifecycle ends the
/// deployment with that cause, and it is logged; it is never dropped.
public struct DeploymentRecorder: Sendable {
    let executorStore: ExecutorStore
    let logger: Logger
    let deployID: String

    /// A store call that failed.
    public struct StoreFailure: Error, CustomStringConvertible {
        /// What could not be done ("record the start of the build of api").
        public var what: String
        /// The store's error.
        public var cause: String
        /// What could not be done, and why.
        public var description: String { "could not \(what): \(cause)" }
    }

    /// Runs one store call; a failure is logged and thrown with what it was for.
    func store<T>(_ what: @autoclosure () -> String, _ call: () async throws -> T) async throws(StoreFailure) -> T {
        do {
            return try await call()
        } catch {
            let failure = StoreFailure(what: what(), cause: "\(error)")
            logger.error("a store call of a deployment failed", metadata: [
                "deploy_id": "\(deployID)", "what": "\(failure.what)", "error": "\(failure.cause)",
            ])
            throw failure
        }
    }

    /// Like ``store(_:_:)`` for a synchronous call, for the one place that must record
    /// before it returns: a backend's callback telling a one-off's process started.
    func storeNow<T>(_ what: @autoclosure () -> String, _ call: () throws -> T) throws(StoreFailure) -> T {
        do {
            return try call()
        } catch {
            let failure = StoreFailure(what: what(), cause: "\(error)")
            logger.error("a store call of a deployment failed", metadata: [
                "deploy_id": "\(deployID)", "what": "\(failure.what)", "error": "\(failure.cause)",
            ])
            throw failure
        }
    }

    /// Applies `event` to the deployment.
    @discardableResult
    func deployment(_ event: DeploymentStateMachine.DeploymentEvent, _ longStatus: String) async throws(StoreFailure) -> DeploymentRecord {
        try await store("record the deployment's \(event)") { try await executorStore.apply(event, to: deployID, longStatus: longStatus) }
    }

    /// Changes the progress line of the deployment.
    func progress(_ longStatus: String) async throws(StoreFailure) {
        try await store("record the progress \"\(longStatus)\"") { try await executorStore.setLongStatus(deployID, longStatus) }
    }

    /// Applies `event` to a build.
    func build(_ event: DeploymentStateMachine.StepEvent, of component: String, _ longStatus: String,
               image: String? = nil) async throws(StoreFailure) {
        try await store("record the \(event) of the build of \(component)") {
            try await executorStore.apply(event, toBuildOf: component, in: deployID, longStatus: longStatus, image: image)
        }
    }

    /// Applies `event` to a run (or stop) of a component.
    func run(_ event: DeploymentStateMachine.StepEvent, of component: String, _ longStatus: String) async throws(StoreFailure) {
        try await store("record the \(event) of the run of \(component)") {
            try await executorStore.apply(event, toRunOf: component, in: deployID, longStatus: longStatus)
        }
    }

    /// Records that a plan step started or ended, for the plan-fidelity check.
    func step(_ kind: StepEvent.Kind, _ stepID: String) async throws(StoreFailure) {
        try await store("record that \(stepID) \(kind.rawValue)") { try await executorStore.record(kind, step: stepID, of: deployID) }
    }

    /// Ends every step that never started: builds cancelled, runs skipped.
    func abandonPendingSteps(_ longStatus: String) async throws(StoreFailure) {
        try await store("record the end of the steps that never started") { try await executorStore.abandonPendingSteps(of: deployID, longStatus: longStatus) }
    }
}
