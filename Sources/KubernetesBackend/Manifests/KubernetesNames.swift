/// Object names and label values within Kubernetes' limits. A name that fits is kept as it is;
/// one that does not is cut and given a hash of the whole, so distinct inputs stay distinct.
public enum KubernetesNames {
    /// A DNS-1123 label of at most `maxLength` characters (63; CronJobs take 52).
    public static func label(_ text: String, maxLength: Int = 63) -> String {
        let cleaned = String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        let trimmed = cleaned.trimmingDashes()
        if trimmed == text, text.count <= maxLength { return text }
        let suffix = shortHash(text)
        let head = String(trimmed.prefix(maxLength - suffix.count - 1)).trimmingDashes()
        return head.isEmpty ? "x" + suffix : head + "-" + suffix
    }

    /// A DNS-1035 label (a Service name): like ``label(_:maxLength:)`` but starting with a letter.
    public static func serviceName(_ component: String) -> String {
        if let first = component.first, first.isLetter { return label(component) }
        return "c-" + label(component, maxLength: 61)
    }

    /// A label value: at most 63 of `[A-Za-z0-9-_.]`, starting and ending alphanumeric. Other
    /// characters become `_`; only a value that must be cut gets a hash (labels are for
    /// selecting and reading; the exact text goes in an annotation).
    public static func labelValue(_ text: String) -> String {
        let allowed = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        let trimmed = allowed.trimming { !($0.isLetter || $0.isNumber) }
        if !trimmed.isEmpty, trimmed.count <= 63 { return trimmed }
        let suffix = shortHash(text)
        let head = String(trimmed.prefix(63 - suffix.count - 1)).trimming { !($0.isLetter || $0.isNumber) }
        return head.isEmpty ? suffix : head + "." + suffix
    }

    /// An environment variable name for a component's URL: `toolhunt-api` → `TOOLHUNT_API_URL`.
    public static func urlVariable(_ component: String) -> String {
        String(component.uppercased().map { $0 == "-" ? "_" : $0 }) + "_URL"
    }

    /// 10 hex digits of FNV-1a 64 of `text`: stable across runs, processes and platforms.
    public static func shortHash(_ text: String) -> String {
        String(fullHash(text).prefix(10))
    }

    /// FNV-1a 64 of `text` as 16 hex digits.
    public static func fullHash(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension String {
    func trimmingDashes() -> String { trimming { $0 == "-" } }

    func trimming(_ isTrimmed: (Character) -> Bool) -> String {
        String(self.drop(while: isTrimmed).reversed().drop(while: isTrimmed).reversed())
    }
}
