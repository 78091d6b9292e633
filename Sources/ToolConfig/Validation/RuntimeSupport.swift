/// What the runtime that will run a config does with the fields upstream Toolforge has and
/// it cannot honour, so that a config using one is told so as a warning, never silently.
public struct RuntimeSupport: Sendable, Hashable {
    /// How messages name the runtime ("the local backend").
    public var name: String
    /// Fields it accepts but ignores (our spelling), and what happens instead.
    public var ignoredFields: [String: String]

    /// Creates a description of a runtime.
    public init(name: String, ignoredFields: [String: String]) {
        self.name = name
        self.ignoredFields = ignoredFields
    }

    /// The embedded local backend: supervised processes from repository snapshots.
    public static let localBackend = RuntimeSupport(name: "the local backend", ignoredFields: [
        "emails": "it sends no mail",
        "filelog": "output always goes to the run's log (components logs)",
        "filelog-stdout": "output always goes to the run's log (components logs)",
        "filelog-stderr": "output always goes to the run's log (components logs)",
        "port-protocol": "components reach each other over TCP only",
        "use-latest-versions": "it builds the repository snapshot, with no buildpack versions to choose",
        "use-deprecated-versions": "it builds the repository snapshot, with no buildpack versions to choose",
        "retry": "a failed job is not retried",
        "timeout-zero": "timeout 0 (no limit) gets the default limit instead",
    ])

    /// A runtime that honours every field; for reading back configs already accepted.
    public static let complete = RuntimeSupport(name: "this platform", ignoredFields: [:])
}
