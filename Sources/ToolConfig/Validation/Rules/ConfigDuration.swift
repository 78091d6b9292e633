/// Durations as configs write them: `30s`, `10m`, `1h`, `2d`, combinations such as `1h30m`,
/// or a bare number of seconds.
public enum ConfigDuration {
    private static let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]

    /// The number of seconds `text` stands for, or nil when it is not a duration
    /// (or overflows).
    public static func parseSeconds(_ text: String) -> Int? {
        if let seconds = Int(text), seconds >= 0, text.allSatisfy(\.isNumber) { return seconds }
        var total = 0
        var number: Int?
        var lastUnit = Int.max
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (times, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                if overflow1 || overflow2 { return nil }
                number = sum
            } else if let unit = units[character], let value = number, unit < lastUnit {
                let (product, overflow1) = value.multipliedReportingOverflow(by: unit)
                let (sum, overflow2) = total.addingReportingOverflow(product)
                if overflow1 || overflow2 { return nil }
                total = sum
                number = nil
                lastUnit = unit
            } else {
                return nil
            }
        }
        return number == nil && lastUnit != Int.max ? total : nil
    }

    /// The shortest exact form of a number of seconds (`600` → `10m`, `5400` → `90m`).
    public static func format(seconds: Int) -> String {
        if seconds > 0 && seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds > 0 && seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds > 0 && seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
