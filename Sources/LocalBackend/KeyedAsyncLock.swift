import ExecutorService
/// Mutual exclusion per key (a mirror, an image) for async code: holders of different keys
/// run in parallel, holders of one key one after the other, in arrival order.
actor KeyedAsyncLock {
    /// Present keys are held; the array lists who waits for them.
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Creates a lock with no key held.
    init() {}

    /// Runs `body` while holding `key`.
    nonisolated func withLock<T: Sendable, E: Error>(_ key: String, _ body: () async throws(E) -> T) async throws(E) -> T {
        await acquire(key)
        do {
            let result = try await body()
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        guard waiters[key] != nil else {
            waiters[key] = []
            return
        }
        await withCheckedContinuation { continuation in
            waiters[key, default: []].append(continuation)
        }
    }

    private func release(_ key: String) {
        guard var queue = waiters[key] else { return }
        if queue.isEmpty {
            waiters[key] = nil
        } else {
            let next = queue.removeFirst()
            waiters[key] = queue
            next.resume()
        }
    }
}
