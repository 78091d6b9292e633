import Foundation

/// Runs blocking `work` (git through `Process`, `waitUntilExit`) on a thread of its own and
/// answers its result. Swift's concurrency pool has one thread per core, two here: a test that
/// blocks them stalls every other test of the process, which then miss their own deadlines.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}
