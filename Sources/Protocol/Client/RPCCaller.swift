/// What calls one service: ``RPCClient`` over the network, or ``InProcessCaller`` on a router
/// in the same process (tests of the gateway's routes use it, with no socket).
public protocol RPCCaller: Sendable {
    /// The service it calls (`config`, `planner`, `executor`).
    var serviceName: String { get }

    /// Calls `method` and waits for its answer, at most `timeout` when given.
    func call<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod<Request, Response>, _ request: Request, timeout: Duration?
    ) async throws(RPCError) -> Response

    /// Lets go of the connection, if there is one.
    func close()
}

extension RPCCaller {
    /// Calls `method` with the default deadline.
    public func call<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod<Request, Response>, _ request: Request
    ) async throws(RPCError) -> Response {
        try await call(method, request, timeout: nil)
    }

    /// Like `call`, answering the outcome instead of throwing.
    public func result<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod<Request, Response>, _ request: Request, timeout: Duration? = nil
    ) async -> Result<Response, RPCError> {
        do {
            return .success(try await call(method, request, timeout: timeout))
        } catch {
            return .failure(error)
        }
    }
}
