import ArgumentParser

/// `--tool-uid-range FIRST-LAST`: the host uids (and gids) the executor hands to tools.
public struct ToolUIDRange: Sendable, Hashable, ExpressibleByArgument {
    /// The uids, both ends included.
    public var uids: ClosedRange<UInt32>

    /// Parses `200000-265535`; uids below 1000 (system users) are refused.
    public init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = UInt32(parts[0]), let last = UInt32(parts[1]), first >= 1000, first <= last else { return nil }
        uids = first...last
    }

    /// `FIRST-LAST`.
    public var defaultValueDescription: String { "\(uids.lowerBound)-\(uids.upperBound)" }
}
