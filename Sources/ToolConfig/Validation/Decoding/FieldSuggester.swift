/// Suggests the field a person probably meant when they wrote an unknown key.
enum FieldSuggester {
    /// Common words people use for our fields; suggested when the field exists in the context.
    static let synonyms: [String: String] = [
        "cmd": "command", "mem": "memory", "depends-on": "wait-for", "dependencies": "wait-for",
        "wait-on": "wait-for", "after": "wait-for", "repo": "repository", "url": "repository",
        "source": "repository", "git": "repository", "branch": "ref", "tag": "ref", "commit": "ref",
        "environment": "env", "env-vars": "env", "variables": "env", "kind": "type",
        "cron": "schedule", "image-from": "reuse-from", "use-image": "reuse-from",
        "inherit-image": "reuse-from", "instances": "replicas", "scale": "replicas",
        "version": "config-version", "healthcheck": "health-check", "health": "health-check",
        "folder": "path", "directory": "path", "dir": "path", "subdir": "path",
    ]

    /// The best known field for `key`, or nil when none is close enough.
    static func suggestion(for key: String, among fields: [String]) -> String? {
        let normalized = String(key.lowercased().map { $0 == "_" ? "-" : $0 })
        if let synonym = synonyms[normalized], fields.contains(synonym) { return synonym }
        if let exact = fields.first(where: { $0 == normalized }) { return exact }
        var best: (field: String, distance: Int)?
        for field in fields {
            let distance = editDistance(normalized, field)
            if distance < (best?.distance ?? Int.max) { best = (field, distance) }
        }
        guard let best else { return nil }
        // Short keys get little slack: "name" is two edits from "type" but means something else.
        let limit = normalized.count <= 4 ? 1 : normalized.count <= 8 ? 2 : 3
        if best.distance <= limit { return best.field }
        if normalized.count >= 3, let prefixed = fields.first(where: { $0.hasPrefix(normalized) }) { return prefixed }
        return nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost 1 (`prot` → `port` is 1).
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
