/// One of the five positions of a cron schedule, with its bounds and names.
enum CronField {
    case minute, hour, dayOfMonth, month, dayOfWeek

    var name: String {
        switch self {
        case .minute: return "minute"
        case .hour: return "hour"
        case .dayOfMonth: return "day-of-month"
        case .month: return "month"
        case .dayOfWeek: return "day-of-week"
        }
    }

    /// Allowed values; day-of-week allows 7 as a second Sunday.
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: return 0...59
        case .hour: return 0...23
        case .dayOfMonth: return 1...31
        case .month: return 1...12
        case .dayOfWeek: return 0...7
        }
    }

    private var names: [String: Int] {
        switch self {
        case .month:
            return ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
        case .dayOfWeek:
            return ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
        default:
            return [:]
        }
    }

    /// The bit set of values a field text allows: lists of `*`, `N`, `A-B`, each with an
    /// optional `/STEP`.
    func parse(_ text: String) throws(CronParseError) -> UInt64 {
        var mask: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            mask |= try parseItem(item, in: text)
        }
        return mask
    }

    private func parseItem(_ item: Substring, in field: String) throws(CronParseError) -> UInt64 {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard !item.isEmpty, parts.count <= 2 else {
            throw CronParseError("\(name) field \"\(field)\" has an empty or malformed part; write values like 5, 1-5, */15 or 1,15")
        }
        var range: ClosedRange<Int>
        let base = parts[0]
        if base == "*" {
            range = bounds.lowerBound...(self == .dayOfWeek ? 6 : bounds.upperBound)
        } else if let dash = base.firstIndex(of: "-") {
            let low = try value(base[..<dash], field: field)
            let high = try value(base[base.index(after: dash)...], field: field)
            guard low <= high else {
                throw CronParseError("\(name) range \(base) goes backwards; write it from low to high (\(high)-\(low)) or as a list")
            }
            range = low...high
        } else {
            let single = try value(base, field: field)
            range = single...single
            if parts.count == 2 { range = single...bounds.upperBound }
        }
        var step = 1
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                  parsed >= 1, parsed <= bounds.upperBound else {
                throw CronParseError("\(name) step \"/\(parts[1])\" is not a number from 1 to \(bounds.upperBound)")
            }
            step = parsed
        }
        var mask: UInt64 = 0
        for value in stride(from: range.lowerBound, through: range.upperBound, by: step) {
            mask |= 1 << UInt64(value)
        }
        return mask
    }

    private func value(_ text: Substring, field: String) throws(CronParseError) -> Int {
        if let named = names[text.lowercased()] { return named }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            let hint = names.isEmpty ? "" : " or a name such as \(self == .month ? "jan" : "mon")"
            let context = text == field ? "" : " in \"\(field)\""
            throw CronParseError("\(name) \"\(text)\"\(context) is not a number from \(bounds.lowerBound) to \(bounds.upperBound)\(hint)")
        }
        guard bounds.contains(number) else {
            throw CronParseError("\(name) \(number) is out of range; use \(bounds.lowerBound) to \(bounds.upperBound)")
        }
        return number
    }
}
