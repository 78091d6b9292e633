import ComponentsModel
import Protocol

/// Tool names are DNS labels.
public enum ToolName {
    /// Throws `invalidArgument` with what to change when `name` is not a valid tool name.
    public static func validate(_ name: String) throws(RPCError) {
        if let problem = DNSLabel.problem(with: name, naming: "tool") { throw RPCError(.invalidArgument, problem) }
    }
}
