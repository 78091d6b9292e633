@testable import ExecutorService
import Testing

/// The deployment lifecycle: events in, the one action to take out. Pure: no store, no clock.
@Suite struct DeploymentLifecycleTests {
    typealias Event = DeploymentLifecycle.Event

    /// Feeds `events` and answers the actions, one per event.
    private func actions(_ events: [Event], stop: StopSignal.Reason? = nil) -> [DeploymentLifecycle.Action] {
        var lifecycle = DeploymentLifecycle()
        return events.map { lifecycle.handle($0, stop: stop) }
    }

    /// Begins with no stop, then feeds `events` with `stop` set (a cancel or timeout that came
    /// in while the deployment ran), and answers the last action.
    private func lastAction(afterBeginning events: [Event], stop: StopSignal.Reason) -> DeploymentLifecycle.Action {
        var lifecycle = DeploymentLifecycle()
        var last = lifecycle.handle(.begin, stop: nil)
        for event in events { last = lifecycle.handle(event, stop: stop) }
        return last
    }

    @Test func happyPathBuildsRunsStopsThenSucceeds() {
        #expect(actions([.begin, .buildsEnded(failure: nil), .runsEnded(failure: nil), .stopsEnded]) == [
            .startBuilds(longStatus: "Building images"),
            .startRuns(longStatus: "Deploying components"),
            .startStops,
            .finish(.succeed, longStatus: "All components deployed", abandoned: nil),
        ])
    }

    @Test func failedBuildTouchesNothingThatRuns() {
        #expect(actions([.begin, .buildsEnded(failure: "Build of api failed: exit 1")]).last
            == .finish(.fail, longStatus: "Build of api failed: exit 1", abandoned: "Skipped due to previous failure"))
    }

    @Test func failedRunEndsBeforeTheStops() {
        #expect(actions([.begin, .buildsEnded(failure: nil), .runsEnded(failure: "Run of db failed")]).last
            == .finish(.fail, longStatus: "Run of db failed", abandoned: "Skipped due to previous failure"))
    }

    @Test func cancelAndTimeoutWinOverWhatThePhaseSaid() {
        #expect(lastAction(afterBeginning: [.buildsEnded(failure: "Cancelled during the builds")], stop: .cancelled)
            == .finish(.cancelled, longStatus: "Cancelled; components that already ran were left as they were", abandoned: "Cancelled"))
        var lifecycle = DeploymentLifecycle()
        _ = lifecycle.handle(.begin, stop: nil)
        _ = lifecycle.handle(.buildsEnded(failure: nil), stop: nil)
        #expect(lifecycle.handle(.runsEnded(failure: "Cancelled"), stop: .timedOut)
            == .finish(.timeOut, longStatus: "Timed out: Cancelled", abandoned: "Cancelled before it started"))
        // Cancelled before its turn: it never starts building.
        #expect(actions([.begin], stop: .cancelled)
            == [.finish(.cancelled, longStatus: "Cancelled; components that already ran were left as they were", abandoned: "Cancelled before it started")])
    }

    @Test func aStoreFailureEndsTheDeploymentWithItsCause() {
        let cause = "could not record the start of the run of api: disk I/O error"
        for prefix in [[Event.begin], [.begin, .buildsEnded(failure: nil)], [.begin, .buildsEnded(failure: nil), .runsEnded(failure: nil)]] {
            #expect(actions(prefix + [.recordingFailed(cause)]).last == .finish(
                .fail, longStatus: "The executor could not record the deployment: \(cause)",
                abandoned: "Skipped: the executor could not record the deployment"))
        }
    }

    @Test func nothingHappensAfterTheEnd() {
        #expect(actions([.begin, .buildsEnded(failure: "x"), .runsEnded(failure: nil), .recordingFailed("y")]).suffix(2) == [.none, .none])
    }

    @Test func anEventOutOfOrderFailsInsteadOfGuessing() {
        guard case let .finish(event, longStatus, _) = actions([.runsEnded(failure: nil)]).last else {
            Issue.record("no finish")
            return
        }
        #expect(event == .fail)
        #expect(longStatus.hasPrefix("The executor failed: runsEnded"))
    }
}
