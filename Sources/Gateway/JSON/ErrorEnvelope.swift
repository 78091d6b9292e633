import ComponentsAPI

/// An error as the Toolforge components-api answers it: messages, and no `data` key at all;
/// `violations` is ours, only on config errors.
struct ErrorEnvelope: Encodable {
    let messages: APIMessages
    let violations: [ViolationJSON]?
}
