/// Tool names in paths are DNS labels: 1 to 63 of a-z, 0-9 and '-', not starting or ending
/// with '-'. Checked before any service is called, so a bad name never reaches one.
enum ToolName {
    /// Throws 400 with what to change when `name` is not a valid tool name.
    static func validate(_ name: String) throws(GatewayError) {
        let valid = !name.isEmpty && name.utf8.count <= 63
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            && !name.hasPrefix("-") && !name.hasSuffix("-")
        guard valid else {
            let shown = name.count > 80 ? String(name.prefix(80)) + "…" : name
            throw .badRequest("\"\(shown)\" is not a valid tool name: use 1 to 63 lower-case letters, digits and '-', not starting or ending with '-'")
        }
    }
}
