import Synchronization

/// Why a deployment's task was cancelled, set before the cancellation so the runner can
/// finish with the right status.
public final class StopSignal: Sendable {
    /// The reasons a deployment stops early.
    public enum Reason: Sendable, Hashable {
        case cancelled
        case timedOut
    }

    private let reason = Mutex<Reason?>(nil)

    /// Creates a signal with no reason yet.
    public init() {}

    /// Records the reason; the first one wins.
    public func set(_ value: Reason) {
        reason.withLock { if $0 == nil { $0 = value } }
    }

    /// The recorded reason.
    public var value: Reason? { reason.withLock { $0 } }
}
