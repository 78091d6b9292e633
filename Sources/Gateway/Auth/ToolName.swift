import ComponentsModel

/// Tool names in paths are DNS labels, checked before any service is called, so a bad name
/// never reaches one.
enum ToolName {
    /// Throws 400 with what to change when `name` is not a valid tool name.
    static func validate(_ name: String) throws(GatewayError) {
        if let problem = DNSLabel.problem(with: name, naming: "tool") { throw .badRequest(problem) }
    }
}
