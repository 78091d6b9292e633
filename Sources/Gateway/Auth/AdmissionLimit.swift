import NIOCore

/// At most `limit` holders at a time and at most `waitingLimit` waiting in line; anyone past
/// that is turned away at once instead of queueing without bound.
actor AdmissionLimit {
    private let limit: Int
    private let waitingLimit: Int
    private var holders = 0
    private var waiting = CircularBuffer<CheckedContinuation<Void, Never>>()

    init(limit: Int, waitingLimit: Int) {
        self.limit = max(1, limit)
        self.waitingLimit = max(0, waitingLimit)
    }

    /// Takes a place, waiting in line for one if need be; false when the line is full.
    func enter() async -> Bool {
        if holders < limit {
            holders += 1
            return true
        }
        guard waiting.count < waitingLimit else { return false }
        // The place is handed over by `leave`, so `holders` already counts it.
        await withCheckedContinuation { waiting.append($0) }
        return true
    }

    /// Gives a place back, to the first in line if anyone waits.
    func leave() {
        if let next = waiting.popFirst() {
            next.resume()
        } else {
            holders -= 1
        }
    }
}
