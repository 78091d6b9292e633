import ExecutorService
import Foundation
import Logging
import ToolConfig

/// When a scheduled component fires: the clock and the schedule, injectable so that tests
/// need not wait for whole minutes.
public struct CronTiming: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date
    /// The first firing strictly after a time, nil for never.
    public var nextDate: @Sendable (Date) -> Date?

    /// Creates a timing from its parts.
    public init(now: @escaping @Sendable () -> Date, nextDate: @escaping @Sendable (Date) -> Date?) {
        self.now = now
        self.nextDate = nextDate
    }

    /// The wall clock and `expression` (ToolConfig's parser, as validation uses), in `timeZone`.
    public static func cron(_ expression: CronExpression, timeZone: TimeZone = .gmt) -> CronTiming {
        CronTiming(now: { Date() }, nextDate: { expression.nextDate(after: $0, in: timeZone) })
    }
}

/// One firing of a schedule.
public struct CronTick: Sendable, Hashable {
    /// 0 for the first firing since the runner started.
    public var index: Int
    /// The time the schedule named.
    public var scheduledAt: Date
}

/// Runs a scheduled component: sleeps until the schedule's next time and starts one run,
/// never two at once (a tick that comes while the previous run still runs is skipped and
/// logged), until the task is cancelled, which also cancels the run in flight.
public struct CronRunner: Sendable {
    /// The schedule and clock.
    public var timing: CronTiming
    /// Told of each skipped tick (the engine may record it in the run log).
    public var onSkip: @Sendable (CronTick) -> Void
    let logger: Logger

    /// Creates a runner.
    public init(timing: CronTiming, logger: Logger, onSkip: @escaping @Sendable (CronTick) -> Void = { _ in }) {
        self.timing = timing
        self.logger = logger
        self.onSkip = onSkip
    }

    /// Fires `job` at each tick until cancelled; returns when cancelled or when the schedule
    /// never fires again. `job` runs in a child task: one run logs and judges its own outcome
    /// (``Supervisor/runOnce(_:timeout:tailLines:onStart:)`` with a fresh log per run).
    public func run(_ job: @escaping @Sendable (CronTick) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            let inFlight = InFlightFlag()
            var index = 0
            var after = timing.now()
            while !Task.isCancelled {
                guard let next = timing.nextDate(after) else {
                    logger.info("schedule never fires again")
                    break
                }
                let wait = next.timeIntervalSince(timing.now())
                if wait > 0 {
                    do {
                        try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up))))
                    } catch {
                        break
                    }
                }
                let tick = CronTick(index: index, scheduledAt: next)
                index += 1
                // After a long stall (a suspended machine), skip the missed ticks instead of
                // firing them in a burst.
                after = max(next, timing.now().addingTimeInterval(-1))
                if await inFlight.tryBegin() {
                    group.addTask {
                        await job(tick)
                        await inFlight.end()
                    }
                } else {
                    logger.info("skipping a tick: the previous run still runs", metadata: ["scheduled": "\(next)"])
                    onSkip(tick)
                }
            }
            group.cancelAll()
        }
    }
}

/// Whether a run is in flight; shared by the loop and the run it started.
private actor InFlightFlag {
    private var running = false

    func tryBegin() -> Bool {
        guard !running else { return false }
        running = true
        return true
    }

    func end() {
        running = false
    }
}
