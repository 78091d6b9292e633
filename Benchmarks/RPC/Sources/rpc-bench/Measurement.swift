/// Round-trip times of one system, in nanoseconds, pooled over rounds.
struct LatencySamples {
    private(set) var nanoseconds: [Int64] = []

    mutating func append(contentsOf other: [Int64]) {
        nanoseconds.append(contentsOf: other)
    }

    /// The `fraction` quantile (nearest rank), in microseconds.
    func percentile(_ fraction: Double) -> Double {
        precondition(!nanoseconds.isEmpty, "no samples")
        let sorted = nanoseconds.sorted()
        let rank = min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))
        return Double(sorted[rank]) / 1_000
    }

    var count: Int { nanoseconds.count }
}

/// Calls completed over wall time, pooled over rounds.
struct Throughput {
    private(set) var calls = 0
    private(set) var seconds = 0.0

    mutating func add(calls: Int, elapsed: Duration) {
        self.calls += calls
        seconds += elapsed.seconds
    }

    var callsPerSecond: Double { Double(calls) / seconds }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    var nanoseconds: Int64 {
        let (whole, attoseconds) = components
        return whole * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Times `count` sequential calls of `call`, each on its own.
func measureRoundTrips(count: Int, _ call: () async throws -> Void) async throws -> [Int64] {
    var samples: [Int64] = []
    samples.reserveCapacity(count)
    let clock = ContinuousClock()
    for _ in 0..<count {
        let start = clock.now
        try await call()
        samples.append((clock.now - start).nanoseconds)
    }
    return samples
}

/// Runs `total` calls with `concurrency` callers at once and returns the wall time.
func measureConcurrent(total: Int, concurrency: Int, _ call: @escaping @Sendable () async throws -> Void) async throws -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            // Spread the remainder so exactly `total` calls are made.
            let share = total / concurrency + (worker < total % concurrency ? 1 : 0)
            group.addTask {
                for _ in 0..<share { try await call() }
            }
        }
        try await group.waitForAll()
    }
    return clock.now - start
}

/// A failed benchmark check (a wrong echo, a missing port).
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
