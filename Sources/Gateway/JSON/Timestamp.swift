import Foundation

/// Times as the API shows them: ISO 8601 in UTC with milliseconds
/// (`2026-11-26T08:56:00.123Z`).
enum Timestamp {
    /// The ISO 8601 text of a time given in milliseconds since 1970.
    static func iso8601(milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Like ``iso8601(milliseconds:)``, `nil` for 0 (not happened yet).
    static func optional(milliseconds: Int64) -> String? {
        milliseconds == 0 ? nil : iso8601(milliseconds: milliseconds)
    }
}
