/// Namespace of the wire messages generated from `proto/components/v1`.
///
/// The names follow the proto files; domain types of the services (a planner's plan, a
/// validated config) live in their own modules and convert to and from these at the edge.
public enum Wire {}

/// A message that travels on the wire as protobuf bytes packed by protobuf-c.
public protocol WireMessage: Sendable, Hashable, Codable {
    /// Creates an empty message (every field at its proto3 zero value).
    init()
    /// Decodes protobuf bytes; throws ``RPCError`` with `invalidArgument` when they are not a valid message.
    init(protobufBytes: [UInt8]) throws(RPCError)
    /// Encodes the message as protobuf bytes.
    func protobufBytes() -> [UInt8]
}
