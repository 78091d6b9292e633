import Synchronization

/// A deployment timeout that fires when a test says so, instead of after real time.
final class ManualTimer: Sendable {
    private let state = Mutex<(sleeper: CheckedContinuation<Void, any Error>?, lastDuration: Duration?)>((nil, nil))

    /// What the queue calls: waits until ``fire()``, or throws when cancelled (the deployment
    /// ended first).
    @Sendable func sleep(_ duration: Duration) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Cancelled before it slept: the handler below has run already.
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                state.withLock { $0 = (continuation, duration) }
            }
        } onCancel: {
            state.withLock { state in
                state.sleeper?.resume(throwing: CancellationError())
                state.sleeper = nil
            }
        }
    }

    /// The duration the last sleeper asked for.
    var lastDuration: Duration? { state.withLock { $0.lastDuration } }

    /// Ends the current sleep, as if its time had passed.
    func fire() {
        state.withLock { state in
            state.sleeper?.resume()
            state.sleeper = nil
        }
    }

    /// Waits until something sleeps on the timer (a deployment started).
    func waitForSleeper() async throws {
        for _ in 0 ..< 3000 where state.withLock({ $0.sleeper == nil }) {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
