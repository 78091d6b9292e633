import Foundation

/// A standard five-field cron schedule (`minute hour day-of-month month day-of-week`) with
/// ranges, steps, lists, month and weekday names, and the `@hourly`-style macros.
///
/// Day matching follows Vixie cron, which users know: when both day-of-month and
/// day-of-week are restricted (neither starts with `*`), a day matches if *either* does.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The schedule as written, with whitespace collapsed and macros lowercased.
    public let normalized: String
    /// Allowed minutes (bit n = minute n).
    let minutes: UInt64
    /// Allowed hours.
    let hours: UInt64
    /// Allowed days of month (bit n = day n, 1...31).
    let daysOfMonth: UInt64
    /// Allowed months (bit n = month n, 1...12).
    let months: UInt64
    /// Allowed weekdays (bit n = weekday n, 0 = Sunday).
    let daysOfWeek: UInt64
    let dayOfMonthIsWildcard: Bool
    let dayOfWeekIsWildcard: Bool

    /// The macros and the five fields they stand for.
    public static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses a schedule.
    ///
    /// - Throws: ``CronParseError`` with a message that names the field at fault.
    public init(_ text: String) throws(CronParseError) {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        var source = trimmed
        if trimmed.hasPrefix("@") {
            let macro = trimmed.lowercased()
            guard let expansion = Self.macros[macro] else {
                if macro == "@reboot" {
                    throw CronParseError("@reboot is not supported; use a one-off component to run something once per deployment")
                }
                throw CronParseError("unknown schedule macro \(trimmed); use one of @hourly, @daily, @weekly, @monthly, @yearly or five cron fields")
            }
            source = expansion
            normalized = macro
        } else {
            normalized = trimmed
        }
        let fields = source.split(separator: " ").map(String.init)
        guard fields.count == 5 else {
            let hint = fields.count == 6 ? " (seconds and year fields are not supported)" : ""
            throw CronParseError("it has \(fields.count) fields\(hint); write five: minute hour day-of-month month day-of-week, e.g. \"0 * * * *\"")
        }
        minutes = try CronField.minute.parse(fields[0])
        hours = try CronField.hour.parse(fields[1])
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        var weekdays = try CronField.dayOfWeek.parse(fields[4])
        if weekdays & (1 << 7) != 0 { weekdays = (weekdays & ~(1 << 7)) | 1 }
        daysOfWeek = weekdays
        dayOfMonthIsWildcard = fields[2].hasPrefix("*")
        dayOfWeekIsWildcard = fields[4].hasPrefix("*")
    }

    /// The schedule as written (normalised).
    public var description: String { normalized }

    /// The first time strictly after `date` at which the schedule fires, in `timeZone`
    /// wall-clock terms, or nil when it never fires within eight years (`0 0 30 2 *`).
    public func nextDate(after date: Date, in timeZone: TimeZone = .gmt) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard var year = start.year, var month = start.month, var day = start.day,
              var hour = start.hour, var minute = start.minute else { return nil }
        minute += 1
        let lastYear = year + 8
        while year <= lastYear {
            if minute > 59 { minute = 0; hour += 1 }
            if hour > 23 { hour = 0; day += 1 }
            if day > CivilDate.daysInMonth(year: year, month: month) { day = 1; month += 1 }
            if month > 12 { month = 1; year += 1; continue }
            guard months & (1 << UInt64(month)) != 0 else {
                month += 1; day = 1; hour = 0; minute = 0
                continue
            }
            guard dayMatches(year: year, month: month, day: day) else {
                day += 1; hour = 0; minute = 0
                continue
            }
            guard hours & (1 << UInt64(hour)) != 0 else {
                hour += 1; minute = 0
                continue
            }
            guard minutes & (1 << UInt64(minute)) != 0 else {
                minute += 1
                continue
            }
            let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
            if let found = calendar.date(from: components), found > date { return found }
            minute += 1
        }
        return nil
    }

    /// False when no date ever matches (`0 0 30 2 *`); validation refuses such schedules.
    public var firesAtAll: Bool {
        // From 2000-01-01, a leap year, so that February 29th is found within the search window.
        nextDate(after: Date(timeIntervalSince1970: 946_684_800)) != nil
    }

    /// True when the schedule fires at the minute containing `date`.
    public func matches(_ date: Date, in timeZone: TimeZone = .gmt) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
              let hour = parts.hour, let minute = parts.minute else { return false }
        return months & (1 << UInt64(month)) != 0 && dayMatches(year: year, month: month, day: day)
            && hours & (1 << UInt64(hour)) != 0 && minutes & (1 << UInt64(minute)) != 0
    }

    private func dayMatches(year: Int, month: Int, day: Int) -> Bool {
        let domMatch = daysOfMonth & (1 << UInt64(day)) != 0
        let weekday = CivilDate.weekday(year: year, month: month, day: day)
        let dowMatch = daysOfWeek & (1 << UInt64(weekday)) != 0
        switch (dayOfMonthIsWildcard, dayOfWeekIsWildcard) {
        case (true, true): return true
        case (true, false): return dowMatch
        case (false, true): return domMatch
        case (false, false): return domMatch || dowMatch
        }
    }
}

/// Why a schedule could not be parsed.
public struct CronParseError: Error, Sendable, Hashable {
    /// A sentence a person can act on.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }
}

/// Proleptic Gregorian arithmetic, so that the scheduler's inner loop needs no Calendar.
enum CivilDate {
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 0 = Sunday ... 6 = Saturday (Howard Hinnant's days-from-civil).
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let weekday = (days + 4) % 7
        return weekday < 0 ? weekday + 7 : weekday
    }
}
