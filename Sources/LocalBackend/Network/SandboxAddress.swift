import Foundation

/// Reads a running sandbox's address from the kernel, so an executor restarted after a crash
/// knows where the runs it re-adopts listen without having recorded it: the sandbox is the
/// child of the recorded bwrap process, and its namespace's local addresses are in
/// `/proc/PID/net/fib_trie`.
enum SandboxAddress {
    /// The address in `subnet` of the namespace of the sandbox that `bwrapPID` started; nil
    /// when there is none (the process is gone, or on the host's network).
    static func read(bwrapPID: Int32, in subnet: (String) -> Bool) -> String? {
        for child in children(of: bwrapPID) {
            guard let trie = try? String(contentsOfFile: "/proc/\(child)/net/fib_trie", encoding: .utf8) else { continue }
            if let address = localAddresses(trie).first(where: subnet) { return address }
        }
        return nil
    }

    /// The addresses a `fib_trie` lists as `/32 host LOCAL`.
    static func localAddresses(_ trie: String) -> [String] {
        var result: [String] = []
        var last: String?
        for line in trie.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("|-- ") {
                last = String(trimmed.dropFirst(4))
            } else if trimmed.hasPrefix("/32 host LOCAL"), let address = last, !result.contains(address) {
                result.append(address)
            }
        }
        return result
    }

    private static func children(of parent: Int32) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name in
            guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent ? pid : nil
        }
    }
}
