import Protocol

/// Tool names are DNS labels: 1–63 of a–z, 0–9 and `-`, not starting or ending with `-`.
public enum ToolName {
    /// Throws `invalidArgument` with what to change when `name` is not a valid tool name.
    public static func validate(_ name: String) throws(RPCError) {
        let valid = !name.isEmpty && name.count <= 63
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            && !name.hasPrefix("-") && !name.hasSuffix("-")
        guard valid else {
            throw RPCError(.invalidArgument, "\"\(name)\" is not a valid tool name: use 1 to 63 lower-case letters, digits and '-', not starting or ending with '-'")
        }
    }
}
