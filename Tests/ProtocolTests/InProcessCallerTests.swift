import Logging
import Protocol
import Testing

/// The in-process caller answers like a server would: payloads encoded both ways, errors as
/// the statuses a server sends, and the health call.
@Suite struct InProcessCallerTests {
    private let caller: InProcessCaller = {
        var router = RPCRouter()
        router.register(TestMethod.echo) { request, _ in request }
        router.register(TestMethod.fail) { _, _ in
            throw RPCError(.notFound, "no tool named toolhunt")
        }
        router.register(TestMethod.crash) { _, _ in
            struct Secret: Error {}
            throw Secret()
        }
        return InProcessCaller(serviceName: "test", router: router, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }()

    @Test func echoesThroughTheWireEncoding() async throws {
        let answer = try await caller.call(TestMethod.echo, Wire.Violation(path: "a", line: 3))
        #expect(answer == Wire.Violation(path: "a", line: 3))
    }

    @Test func errorsBecomeTheStatusesAServerSends() async {
        let notFound = await caller.result(TestMethod.fail, Wire.Violation())
        #expect(notFound.failure?.code == .notFound)
        let crash = await caller.result(TestMethod.crash, Wire.Violation())
        #expect(crash.failure?.code == .internal)
        #expect(crash.failure?.message.contains("Secret") == false)
        let unknown = await caller.result(TestMethod.nope, Wire.Violation())
        #expect(unknown.failure?.code == .unimplemented)
    }

    @Test func answersTheHealthCall() async throws {
        let hello = try await caller.call(ComponentsMethod.health, Wire.Hello())
        #expect(hello.service == "test")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
