@testable import ExecutorService
import Testing

/// The deployment lifecycle: events in, the one action to take out. Pure: no store, no clock.
@Suite struct DeploymentLifecycleTests {
    typealias Event = DeploymentLifecycle.Event

    /// Feeds `events` and answers the actions, one per event.
    private func actions(_ events: [Event]) -> [DeploymentLifecycle.Action] {
        var lifecycle = DeploymentLifecycle()
        return events.map { lifecycle.handle($0) }
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

    @Test func aStopInterruptsThePhaseAndWinsOverWhatThePhaseSaid() {
        #expect(actions([.begin, .stopRequested(.cancelled), .buildsEnded(failure: "Cancelled during the builds")]) == [
            .startBuilds(longStatus: "Building images"),
            .interrupt,
            .finish(.cancelled, longStatus: "Cancelled; components that already ran were left as they were", abandoned: "Cancelled"),
        ])
        // A timeout while the runs go; a cancel after it changes nothing: the first stop wins.
        #expect(actions([.begin, .buildsEnded(failure: nil), .stopRequested(.timedOut), .stopRequested(.cancelled),
                         .runsEnded(failure: "Cancelled")]).suffix(3) == [
            .interrupt, .interrupt,
            .finish(.timeOut, longStatus: "Timed out: Cancelled", abandoned: "Cancelled before it started"),
        ])
        // While the removed components stop.
        #expect(actions([.begin, .buildsEnded(failure: nil), .runsEnded(failure: nil), .stopRequested(.cancelled), .stopsEnded]).last
            == .finish(.cancelled, longStatus: "Cancelled; components that already ran were left as they were", abandoned: nil))
        // Cancelled before its turn: nothing to interrupt, and it never starts building.
        #expect(actions([.stopRequested(.cancelled), .begin]) == [
            .none,
            .finish(.cancelled, longStatus: "Cancelled; components that already ran were left as they were", abandoned: "Cancelled before it started"),
        ])
        // After the end a stop does nothing.
        #expect(actions([.begin, .buildsEnded(failure: "x"), .stopRequested(.cancelled)]).last == DeploymentLifecycle.Action.none)
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
