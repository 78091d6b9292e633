/// Why no plan could be made. The message names the components involved and what to fix.
public struct PlannerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The code's stable name (`cycle`, `unknown_component`, ...).
        public var rawValue: String
        /// A code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's name.
        public var description: String { rawValue }

        /// Two components, or two state records, have the same name.
        public static let duplicateComponent = Code(rawValue: "duplicate_component")
        /// A `wait-for` or `reuse-from` names a component that is not in the config.
        public static let unknownComponent = Code(rawValue: "unknown_component")
        /// `wait-for` or `reuse-from` edges form a cycle.
        public static let cycle = Code(rawValue: "cycle")
        /// A component cannot be planned as given (for example it has no build source).
        public static let invalidComponent = Code(rawValue: "invalid_component")
    }

    /// The kind of failure.
    public var code: Code
    /// A message a person can act on.
    public var message: String
    /// For `.cycle`: the components on the cycle, first one repeated at the end.
    public var cycle: [String]

    /// Creates an error.
    public init(code: Code, message: String, cycle: [String] = []) {
        self.code = code
        self.message = message
        self.cycle = cycle
    }

    /// The message.
    public var description: String { message }
}
