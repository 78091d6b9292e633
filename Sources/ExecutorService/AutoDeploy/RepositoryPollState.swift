import Foundation
import Protocol

/// One (repository, ref) a tool's config builds; nil ref is the default branch.
public struct PolledRepository: Sendable, Hashable, Comparable {
    public var repository: String
    public var ref: String?

    public init(repository: String, ref: String?) {
        self.repository = repository
        self.ref = ref
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.repository, lhs.ref ?? "") < (rhs.repository, rhs.ref ?? "")
    }
}

/// What the poller knows of one polled repository: the status users see.
struct RepositoryPollState: Sendable {
    var components: [String]
    var lastCheck: Date?
    /// The commit the last successful check saw (or the last deployment was made for).
    var lastSeenCommit: String?
    var nextCheck: ContinuousClock.Instant
    var lastError: String?
    var failures = 0

    func wire(_ key: PolledRepository, now: ContinuousClock.Instant) -> Wire.AutoDeployRepository {
        let untilNext = max(.zero, nextCheck - now)
        return Wire.AutoDeployRepository(
            repository: key.repository, ref: key.ref ?? "", components: components,
            lastCheckMs: lastCheck.map(Self.milliseconds) ?? 0, lastSeenCommit: lastSeenCommit ?? "",
            nextCheckMs: Self.milliseconds(Date().addingTimeInterval(Self.seconds(untilNext))),
            lastError: lastError ?? "", failures: UInt32(clamping: failures))
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1_000) }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// What the poller knows of one tool with polling on.
struct ToolPollState: Sendable {
    var requestedSeconds: Int
    var interval: Duration
    var repositories: [PolledRepository: RepositoryPollState] = [:]
    /// A tool has at most one git check in flight.
    var checking = false
    var lastDeployID: String?
    var lastTrigger: Date?
}
