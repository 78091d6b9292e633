/// When a repository is checked next: every interval, later after failures, always with
/// some random jitter so that tools with equal intervals do not all run git at once.
public enum PollSchedule {
    /// The interval a tool polls at: what its config asks, raised to the operator's minimum.
    public static func interval(requestedSeconds: Int, limits: AutoDeployLimits) -> Duration {
        max(.seconds(requestedSeconds), limits.minimumInterval)
    }

    /// The delay before the next check after `failures` failures in a row: the interval,
    /// doubled per failure up to `limits.maxBackoff` (never below the interval), plus up to
    /// a tenth of it as jitter (`random` in 0..<1).
    public static func delay(interval: Duration, failures: Int, limits: AutoDeployLimits, random: Double) -> Duration {
        var delay = interval
        for _ in 0..<min(failures, 32) where delay < limits.maxBackoff {
            delay = delay * 2
        }
        if failures > 0 { delay = max(interval, min(delay, limits.maxBackoff)) }
        return delay + jitter(of: delay, random: random)
    }

    /// The first check of a newly polled repository: anywhere in the first interval.
    public static func firstDelay(interval: Duration, random: Double) -> Duration {
        interval * min(max(random, 0), 1)
    }

    private static func jitter(of delay: Duration, random: Double) -> Duration {
        delay * (min(max(random, 0), 1) / 10)
    }
}
