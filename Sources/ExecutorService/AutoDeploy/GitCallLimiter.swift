/// A counting semaphore: at most `limit` holders at once, waiters served first come,
/// first served. The poller holds one slot per git process it runs.
actor GitCallLimiter {
    private let limit: Int
    private var holders = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` once a slot is free.
    func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// How many slots are held now (for tests).
    var inUse: Int { holders }

    private func acquire() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            holders -= 1
        } else {
            // The slot passes to the first waiter; the count stays.
            waiters.removeFirst().resume()
        }
    }
}
