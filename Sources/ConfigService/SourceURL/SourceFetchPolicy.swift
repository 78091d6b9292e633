/// What the config service may fetch for `source_url`, and how much: the operator's
/// repository policy (public https hosts unless more is allowed) with a size and time cap.
public struct SourceFetchPolicy: Sendable {
    /// Hosts in loopback, private and link-local ranges (`--allow-private-repositories`).
    public var allowPrivate: Bool
    /// Unencrypted `http://` (`--allow-insecure-repositories`).
    public var allowInsecure: Bool
    /// The largest document fetched: the config size limit.
    public var maxBytes: Int
    /// The time for the whole fetch, connection included.
    public var timeout: Duration

    /// Creates a policy; the defaults are the strict ones, with the 1 MiB config limit and 10 s.
    public init(allowPrivate: Bool = false, allowInsecure: Bool = false, maxBytes: Int = 1 << 20, timeout: Duration = .seconds(10)) {
        self.allowPrivate = allowPrivate
        self.allowInsecure = allowInsecure
        self.maxBytes = maxBytes
        self.timeout = timeout
    }
}
