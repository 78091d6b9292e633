/// How long a deploy token works after it was made or rotated: 365 days, as the Toolforge
/// components-api's tokens do. The config service refuses older ones; the API shows when a
/// token expires.
public enum DeployTokenLifetime {
    /// The lifetime in days.
    public static let days: Int64 = 365
    /// The lifetime in milliseconds.
    public static let milliseconds: Int64 = days * 86_400_000

    /// When a token made at `creationTimeMs` expires, in milliseconds since 1970.
    public static func expiry(creationTimeMs: Int64) -> Int64 {
        creationTimeMs.addingReportingOverflow(milliseconds).overflow ? .max : creationTimeMs + milliseconds
    }
}
