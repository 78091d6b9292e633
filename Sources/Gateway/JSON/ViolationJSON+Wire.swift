import ComponentsAPI
import Protocol

extension ViolationJSON {
    /// The violation a service reported.
    init(_ wire: Wire.Violation) {
        self.init(path: wire.path, line: Int(wire.line), column: Int(wire.column), message: wire.message)
    }
}
