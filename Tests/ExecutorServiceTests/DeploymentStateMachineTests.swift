import ExecutorService
import Testing

@Suite struct DeploymentStateMachineTests {
    typealias Machine = DeploymentStateMachine

    @Test func happyPath() throws {
        var status = DeploymentStatus.pending
        status = try Machine.next(status, on: .start)
        #expect(status == .running)
        status = try Machine.next(status, on: .succeed)
        #expect(status == .successful)
    }

    @Test func cancelGoesThroughCancelling() throws {
        let cancelling = try Machine.next(DeploymentStatus.running, on: .requestCancel)
        #expect(cancelling == .cancelling)
        #expect(try Machine.next(cancelling, on: .cancelled) == .cancelled)
    }

    @Test func finalStatusesAcceptNothing() {
        for final in DeploymentStatus.allCases where final.isFinal {
            for event: Machine.DeploymentEvent in [.start, .succeed, .fail, .requestCancel, .cancelled, .timeOut, .replacedWhileQueued, .executorRestarted] {
                #expect(throws: Machine.InvalidTransition.self) { try Machine.next(final, on: event) }
            }
        }
    }

    @Test func onlyAWaitingDeploymentCanBeReplaced() throws {
        #expect(try Machine.next(DeploymentStatus.pending, on: .replacedWhileQueued) == .cancelled)
        #expect(throws: Machine.InvalidTransition.self) { try Machine.next(DeploymentStatus.running, on: .replacedWhileQueued) }
    }

    @Test func restartFailsUnfinishedDeployments() throws {
        for status: DeploymentStatus in [.pending, .running, .cancelling] {
            #expect(try Machine.next(status, on: .executorRestarted) == .failed)
        }
    }

    @Test func buildAndRunTransitions() throws {
        #expect(try Machine.next(BuildStatus.pending, on: .skip) == .skipped)
        #expect(try Machine.next(BuildStatus.running, on: .cancel) == .cancelled)
        #expect(throws: Machine.InvalidTransition.self) { try Machine.next(BuildStatus.successful, on: .fail) }
        #expect(try Machine.next(RunStatus.pending, on: .cancel) == .skipped)
        #expect(try Machine.next(RunStatus.running, on: .cancel) == .failed)
        #expect(throws: Machine.InvalidTransition.self) { try Machine.next(RunStatus.skipped, on: .start) }
    }

    @Test func deploymentIDsHaveTheirShape() {
        let id = DeploymentID.make()
        #expect(DeploymentID.isValid(id))
        #expect(!DeploymentID.isValid("20261126-081500-ABCDEFGHIJ"))
        #expect(!DeploymentID.isValid("../../etc/passwd"))
    }
}
