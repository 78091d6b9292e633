import Logging
import Protocol
import Testing

/// The in-process caller answers like a server would: payloads encoded both ways, errors as
/// the statuses a server sends, and the health call.
@Suite struct InProcessCallerTests {
    private let caller: InProcessCaller = {
        var router = RPCRouter()
        router.register("test.v1.Echo") { (request: Wire.Violation, _) in request }
        router.register("test.v1.Fail") { (_: Wire.Violation, _) -> Wire.Violation in
            throw RPCError(.notFound, "no tool named toolhunt")
        }
        router.register("test.v1.Crash") { (_: Wire.Violation, _) -> Wire.Violation in
            struct Secret: Error {}
            throw Secret()
        }
        return InProcessCaller(serviceName: "test", router: router, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }()

    @Test func echoesThroughTheWireEncoding() async throws {
        let answer = try await caller.call("test.v1.Echo", Wire.Violation(path: "a", line: 3), as: Wire.Violation.self)
        #expect(answer == Wire.Violation(path: "a", line: 3))
    }

    @Test func errorsBecomeTheStatusesAServerSends() async {
        let notFound = await caller.result("test.v1.Fail", Wire.Violation(), as: Wire.Violation.self)
        #expect(notFound.failure?.code == .notFound)
        let crash = await caller.result("test.v1.Crash", Wire.Violation(), as: Wire.Violation.self)
        #expect(crash.failure?.code == .internal)
        #expect(crash.failure?.message.contains("Secret") == false)
        let unknown = await caller.result("test.v1.Nope", Wire.Violation(), as: Wire.Violation.self)
        #expect(unknown.failure?.code == .unimplemented)
    }

    @Test func answersTheHealthCall() async throws {
        let hello = try await caller.call(ProtocolVersion.healthMethod, Wire.Hello(), as: Wire.HelloResponse.self)
        #expect(hello.service == "test")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
