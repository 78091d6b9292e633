import Protocol

/// Methods that exist only in these tests. Each takes and answers a `Violation`, whose string
/// and numbers carry what a test needs (`line` is how long Sleep waits, in milliseconds).
enum TestMethod {
    static let echo = RPCMethod<Wire.Violation, Wire.Violation>(name: "test.v1.Echo")
    /// Answers "pool" or "event loop": where the handler ran.
    static let whereItRuns = RPCMethod<Wire.Violation, Wire.Violation>(name: "test.v1.Where")
    static let sleep = RPCMethod<Wire.Violation, Wire.Violation>(name: "test.v1.Sleep")
    static let fail = RPCMethod<Wire.Violation, Wire.Violation>(name: "test.v1.Fail")
    static let crash = RPCMethod<Wire.Violation, Wire.Violation>(name: "test.v1.Crash")
    /// Answers a path of `line` bytes after `column` ms (the oversized-message tests).
    static let sized = RPCMethod<Wire.Violation, Wire.Violation>(name: "test.v1.Sized")
    /// Registered nowhere.
    static let nope = RPCMethod<Wire.Violation, Wire.Violation>(name: "test.v1.Nope")
    /// A handler of `Hello`s.
    static let hello = RPCMethod<Wire.Hello, Wire.Hello>(name: "test.v1.Hello")
    /// The same name, called with the wrong request type on purpose: what a peer built from
    /// another proto would send.
    static let helloWithAViolation = RPCMethod<Wire.Violation, Wire.Hello>(name: "test.v1.Hello")
}
