/// Tokens the config service recently said were valid, kept as 64-bit keys from a hasher
/// seeded at random per process (never the tokens themselves), so they can be told apart
/// from made-up ones before the config service is asked. Bounded: past `capacity` the older
/// half is forgotten.
struct RecentTokens: Sendable {
    private var lastValid: [Int: ContinuousClock.Instant] = [:]
    private let capacity: Int
    private let memory: Duration

    init(capacity: Int = 50_000, memory: Duration = .seconds(3600)) {
        self.capacity = max(2, capacity)
        self.memory = memory
    }

    /// The key of `token`.
    static func key(_ token: String) -> Int {
        var hasher = Hasher()
        hasher.combine(token)
        return hasher.finalize()
    }

    /// True when `key` was valid within the remembered time.
    func contains(_ key: Int, now: ContinuousClock.Instant = .now) -> Bool {
        guard let seen = lastValid[key] else { return false }
        return now - seen < memory
    }

    /// Remembers that `key` was valid now.
    mutating func validated(_ key: Int, now: ContinuousClock.Instant = .now) {
        if lastValid[key] == nil && lastValid.count >= capacity {
            let newest = lastValid.sorted { $0.value > $1.value }.prefix(capacity / 2)
            lastValid = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
        }
        lastValid[key] = now
    }

    /// Forgets `key` (the config service refused it).
    mutating func forget(_ key: Int) {
        lastValid[key] = nil
    }

    /// How many keys are remembered.
    var count: Int { lastValid.count }
}
