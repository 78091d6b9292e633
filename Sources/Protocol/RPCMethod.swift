/// One RPC method: its name on the wire and the messages it takes and answers.
///
/// Every service's methods are constants generated from the `service` blocks of
/// `proto/components/v1` (``ConfigMethod``, ``PlannerMethod``, ``ExecutorMethod`` and
/// ``ComponentsMethod``, which every server answers itself), and callers and routers take an
/// `RPCMethod`, so a method cannot be called or served with other types than its proto's.
public struct RPCMethod<Request: WireMessage, Response: WireMessage>: Sendable, Hashable, CustomStringConvertible {
    /// The name on the wire, like `config.v1.PutConfig`.
    public let name: String

    /// A method named `name`. Services use the generated constants; tests and benchmarks make
    /// their own for methods that exist only there.
    public init(name: String) {
        self.name = name
    }

    /// The name on the wire.
    public var description: String { name }
}
