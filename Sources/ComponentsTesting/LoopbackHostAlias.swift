import Foundation

/// A host name other than `localhost` that /etc/hosts maps to a loopback address (a
/// machine's own name often is), for tests that a name resolving to loopback is refused
/// after resolution and not only by its spelling; nil when the file has none.
public func loopbackAliasFromHostsFile() -> String? {
    guard let text = try? String(contentsOfFile: "/etc/hosts", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let address = fields.first, address.hasPrefix("127.") else { continue }
        if let name = fields.dropFirst().first(where: { name in
            let lower = name.lowercased()
            return lower != "localhost" && !lower.hasSuffix(".localhost") && !lower.hasPrefix("#") && lower.contains(where: \.isLetter)
        }) {
            return String(name)
        }
    }
    return nil
}
