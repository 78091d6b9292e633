import Foundation
import Testing
import ToolConfig

@Suite struct CronExpressionTests {
    private func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? .distantPast
    }

    @Test(arguments: [
        ("*/15 * * * *", "2025-01-01T00:07:30Z", "2025-01-01T00:15:00Z"),
        ("0 * * * *", "2025-01-01T10:00:00Z", "2025-01-01T11:00:00Z"),
        ("00 * * * *", "2025-01-01T10:59:59Z", "2025-01-01T11:00:00Z"),
        ("30 2 * * *", "2025-03-10T03:00:00Z", "2025-03-11T02:30:00Z"),
        ("0 9-17/2 * * mon-fri", "2025-01-03T17:30:00Z", "2025-01-06T09:00:00Z"),
        ("0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("@yearly", "2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("@annually", "2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("@monthly", "2025-01-31T12:00:00Z", "2025-02-01T00:00:00Z"),
        ("@weekly", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z"),
        ("@daily", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"),
        ("@midnight", "2025-01-01T23:59:00Z", "2025-01-02T00:00:00Z"),
        ("@hourly", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z"),
        ("0 0 13 * fri", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00Z"),
        ("0 0 13 * *", "2025-01-01T00:00:00Z", "2025-01-13T00:00:00Z"),
        ("0 0 * * 7", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z"),
        ("0 0 * * 0", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z"),
        ("0 0 1 jan,apr *", "2025-02-01T00:00:00Z", "2025-04-01T00:00:00Z"),
        ("0 0 31 * *", "2025-01-31T01:00:00Z", "2025-03-31T00:00:00Z"),
        ("59 23 31 12 *", "2025-12-31T23:59:00Z", "2026-12-31T23:59:00Z"),
        ("5,10 */6 * * *", "2025-01-01T00:07:00Z", "2025-01-01T00:10:00Z"),
        ("5/20 * * * *", "2025-01-01T00:26:00Z", "2025-01-01T00:45:00Z"),
        ("0 12 * FEB Sat", "2025-01-01T00:00:00Z", "2025-02-01T12:00:00Z"),
    ])
    func nextDate(expression: String, after: String, expected: String) throws {
        let cron = try CronExpression(expression)
        #expect(cron.nextDate(after: date(after)) == date(expected))
    }

    @Test func nextDateFollowsTheTimeZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let cron = try CronExpression("0 9 * * *")
        #expect(cron.nextDate(after: date("2025-01-01T00:00:00Z"), in: berlin) == date("2025-01-01T08:00:00Z"))
        #expect(cron.nextDate(after: date("2025-07-01T00:00:00Z"), in: berlin) == date("2025-07-01T07:00:00Z"))
    }

    @Test func successiveDatesAdvance() throws {
        let cron = try CronExpression("*/7 3 * * *")
        var current = date("2025-01-01T00:00:00Z")
        var found: [Date] = []
        for _ in 0..<20 {
            let next = try #require(cron.nextDate(after: current))
            #expect(next > current)
            #expect(cron.matches(next))
            found.append(next)
            current = next
        }
        // */7 gives nine minutes an hour (0 ... 56), so the tenth run is the next day.
        #expect(found[8] == date("2025-01-01T03:56:00Z"))
        #expect(found[9] == date("2025-01-02T03:00:00Z"))
    }

    @Test func impossibleDatesNeverFire() throws {
        let cron = try CronExpression("0 0 30 2 *")
        #expect(cron.nextDate(after: date("2025-01-01T00:00:00Z")) == nil)
        #expect(!cron.firesAtAll)
        #expect(try CronExpression("0 0 29 2 *").firesAtAll)
    }

    @Test func normalizedFormCollapsesWhitespaceAndLowercasesMacros() throws {
        #expect(try CronExpression("  0   *\t* * *  ").normalized == "0 * * * *")
        #expect(try CronExpression("@Daily").normalized == "@daily")
    }

    @Test(arguments: [
        "", "* * * *", "0 0 * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
        "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "1,,2 * * * *",
        "* * * foo *", "@reboot", "@sometimes", "1-2-3 * * * *", "*/60 * * * *", "-1 * * * *",
    ])
    func invalidExpressionsAreRefused(expression: String) {
        #expect(throws: CronParseError.self) { try CronExpression(expression) }
    }

    @Test func errorsNameTheField() {
        do {
            _ = try CronExpression("0 24 * * *")
            Issue.record("accepted hour 24")
        } catch {
            #expect(error.message.contains("hour"))
            #expect(error.message.contains("0 to 23"))
        }
    }
}
