/// `cpu` and `memory` in the forms kubernetes and the jobs framework accept.
public enum ResourceQuantityRule {
    /// True for `0.5`, `2`, `500m` (millicores).
    public static func isValidCPU(_ text: String) -> Bool {
        if text.hasSuffix("m") {
            let digits = text.dropLast()
            return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber } && (Int(digits) ?? 0) > 0
        }
        return positiveDecimal(Substring(text))
    }

    /// True for `512Mi`, `1Gi`, `1G`, `100M`, `1.5Gi` or plain bytes.
    public static func isValidMemory(_ text: String) -> Bool {
        for suffix in ["Ki", "Mi", "Gi", "Ti", "K", "M", "G", "T", "k"] where text.hasSuffix(suffix) {
            return positiveDecimal(text.dropLast(suffix.count))
        }
        return positiveDecimal(Substring(text))
    }

    private static func positiveDecimal(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1, text.first != ".", text.last != ".",
              let value = Double(text) else { return false }
        return value > 0
    }
}
