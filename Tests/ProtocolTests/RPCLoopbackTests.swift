import ComponentsTesting
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import Protocol
import Testing

/// Real servers and clients on loopback ports chosen at run time.
@Suite struct RPCLoopbackTests {
    /// Echo answers the request; Sleep waits `line` ms then answers, noting cancellation;
    /// Where says whether it ran on an event loop thread. All run where `placement` says.
    private func router(placement: RPCHandlerPlacement = .pool, cancellations: NIOLockedValueBox<Int> = NIOLockedValueBox(0),
                        started: NIOLockedValueBox<Int> = NIOLockedValueBox(0)) -> RPCRouter {
        var router = RPCRouter()
        router.register(TestMethod.echo, placement: placement) { request, _ in request }
        router.register(TestMethod.whereItRuns, placement: placement) { _, _ in
            Wire.Violation(path: MultiThreadedEventLoopGroup.currentEventLoop == nil ? "pool" : "event loop")
        }
        router.register(TestMethod.sleep, placement: placement) { request, _ in
            started.withLockedValue { $0 += 1 }
            do {
                try await Task.sleep(for: .milliseconds(Int(request.line)))
            } catch {
                cancellations.withLockedValue { $0 += 1 }
                throw error
            }
            return request
        }
        router.register(TestMethod.fail, placement: placement) { request, _ in
            if request.line == 1 { throw RPCError(.notFound, "no tool named \(request.path)") }
            struct Secret: Error {}
            throw Secret()
        }
        router.register(TestMethod.hello) { request, _ in request }
        return router
    }

    private func client(_ server: RPCServer, service: String = "test", token: String = testServiceToken) -> RPCClient {
        var configuration = RPCClient.Configuration(address: server.localAddress, serviceName: service, serviceToken: token)
        // Tests share 2 loaded cores: a connection's Hello may take longer than the 2 s default.
        configuration.connectTimeout = .seconds(15)
        return RPCClient(configuration: configuration, logger: silentLogger)
    }

    /// Waits until a counter of the server reaches `expected` (tests run in parallel on 2
    /// cores, so the server's task may take a while).
    private func waitFor(_ counter: NIOLockedValueBox<Int>, toReach expected: Int) async throws -> Int {
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while counter.withLockedValue({ $0 }) < expected && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return counter.withLockedValue { $0 }
    }

    private func code(of body: () async throws -> Void) async -> Wire.Code? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error.code
        } catch {
            return .internal
        }
    }

    @Test(arguments: [RPCHandlerPlacement.pool, .eventLoop])
    func handlersRunWhereTheirPlacementSays(_ placement: RPCHandlerPlacement) async throws {
        try await withTestRPCServer(router: router(placement: placement)) { server in
            let client = client(server)
            defer { client.close() }
            let answer = try await client.call(TestMethod.whereItRuns, Wire.Violation())
            #expect(answer.path == (placement == .pool ? "pool" : "event loop"))
        }
    }

    @Test(arguments: [RPCHandlerPlacement.pool, .eventLoop])
    func thousandConcurrentCallsOnOneConnectionComeBackToTheirCallers(_ placement: RPCHandlerPlacement) async throws {
        try await withTestRPCServer(router: router(placement: placement)) { server in
            let client = client(server)
            defer { client.close() }
            try await withThrowingTaskGroup(of: (Int, Wire.Violation).self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        // Sleeps of 0–9 ms make the answers come back out of order.
                        let request = Wire.Violation(path: "call-\(index)", line: UInt32(index % 10), column: UInt32(index))
                        return (index, try await client.call(TestMethod.sleep, request))
                    }
                }
                var seen = Set<Int>()
                for try await (index, answer) in group {
                    #expect(answer.path == "call-\(index)")
                    #expect(answer.column == UInt32(index))
                    seen.insert(index)
                }
                #expect(seen.count == 1000)
            }
        }
    }

    @Test func clientReconnectsAfterTheServerRestarts() async throws {
        let first = try await RPCServer.start(
            configuration: .init(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "test", serviceToken: testServiceToken),
            router: router(), logger: silentLogger)
        let address = first.localAddress
        let client = RPCClient(configuration: .init(address: address, serviceName: "test", serviceToken: testServiceToken), logger: silentLogger)
        defer { client.close() }
        let before = try await client.call(TestMethod.echo, Wire.Violation(path: "before"))
        #expect(before.path == "before")

        first.close()
        // Refused at once; the long deadline only keeps a loaded machine from turning it into a timeout.
        try await Task.sleep(for: .milliseconds(100))
        let whileDown = await code { _ = try await client.call(TestMethod.echo, Wire.Violation(path: "down"), timeout: .seconds(15)) }
        #expect(whileDown == .unavailable)

        let second = try await RPCServer.start(
            configuration: .init(address: address, serviceName: "test", serviceToken: testServiceToken), router: router(), logger: silentLogger)
        defer { second.close() }
        var answer: Wire.Violation?
        let giveUp = ContinuousClock.now.advanced(by: .seconds(10))
        while answer == nil && ContinuousClock.now < giveUp {
            answer = try? await client.call(TestMethod.echo, Wire.Violation(path: "after"), timeout: .seconds(1))
            if answer == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(answer?.path == "after")
    }

    @Test func callToAServiceThatIsDownFailsFastWithUnavailable() async throws {
        // A port bound and not listening: connecting is refused, and no server of the tests
        // running beside this one can take it meanwhile (a port bound, closed and reused could
        // belong to one of theirs by then).
        let (holder, port) = try Self.boundPortWithoutListener()
        defer { close(holder) }
        let client = RPCClient(configuration: .init(address: ServiceAddress(host: "127.0.0.1", port: port), serviceName: "test", serviceToken: testServiceToken), logger: silentLogger)
        defer { client.close() }
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let result = await code { _ = try await client.call(TestMethod.echo, Wire.Violation(), timeout: .seconds(60)) }
            #expect(result == .unavailable)
            // Not waiting out the 60 s deadline (generous bound: tests share 2 loaded cores).
            #expect(ContinuousClock.now - start < .seconds(20))
        }
    }

    @Test(arguments: [RPCHandlerPlacement.pool, .eventLoop])
    func deadlineExceededCancelsTheHandler(_ placement: RPCHandlerPlacement) async throws {
        let cancellations = NIOLockedValueBox(0)
        let started = NIOLockedValueBox(0)
        try await withTestRPCServer(router: router(placement: placement, cancellations: cancellations, started: started)) { server in
            let client = client(server)
            defer { client.close() }
            // A warm connection, so the slow call reaches the server within its deadline.
            _ = try await client.call(TestMethod.echo, Wire.Violation(path: "warm"))
            let start = ContinuousClock.now
            let result = await code { _ = try await client.call(TestMethod.sleep, Wire.Violation(line: 30_000), timeout: .seconds(1)) }
            #expect(result == .deadlineExceeded)
            // Far less than the handler's 30 s, even on a loaded machine.
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(try await waitFor(started, toReach: 1) == 1)
            #expect(try await waitFor(cancellations, toReach: 1) == 1)
            // The connection is still good afterwards.
            let echo = try await client.call(TestMethod.echo, Wire.Violation(path: "still here"))
            #expect(echo.path == "still here")
        }
    }

    @Test(arguments: [RPCHandlerPlacement.pool, .eventLoop])
    func cancellingTheCallingTaskCancelsTheCallOnTheServer(_ placement: RPCHandlerPlacement) async throws {
        let cancellations = NIOLockedValueBox(0)
        let started = NIOLockedValueBox(0)
        try await withTestRPCServer(router: router(placement: placement, cancellations: cancellations, started: started)) { server in
            let client = client(server)
            defer { client.close() }
            let task = Task { try await client.call(TestMethod.sleep, Wire.Violation(line: 30_000)) }
            // Cancel only once the server works on the call.
            let startedCount = try await waitFor(started, toReach: 1)
            #expect(startedCount == 1)
            task.cancel()
            let result = await code { _ = try await task.value }
            #expect(result == .cancelled)
            #expect(try await waitFor(cancellations, toReach: 1) == 1)
        }
    }

    @Test func unknownMethodIsUnimplemented() async throws {
        try await withTestRPCServer(router: router()) { server in
            let client = client(server)
            defer { client.close() }
            let result = await code { _ = try await client.call(TestMethod.nope, Wire.Violation()) }
            #expect(result == .unimplemented)
        }
    }

    @Test func undecodablePayloadIsInvalidArgument() async throws {
        try await withTestRPCServer(router: router()) { server in
            let client = client(server)
            defer { client.close() }
            // Field 1 as a string where Hello has a varint: protobuf-c refuses the wire type.
            let result = await code { _ = try await client.call(TestMethod.helloWithAViolation, Wire.Violation(path: "not a number")) }
            #expect(result == .invalidArgument)
        }
    }

    @Test(arguments: [RPCHandlerPlacement.pool, .eventLoop])
    func thrownErrorsKeepTheirCodeAndOthersBecomeInternalWithoutDetails(_ placement: RPCHandlerPlacement) async throws {
        try await withTestRPCServer(router: router(placement: placement)) { server in
            let client = client(server)
            defer { client.close() }
            do throws(RPCError) {
                _ = try await client.call(TestMethod.fail, Wire.Violation(path: "toolhunt", line: 1))
                Issue.record("expected an error")
            } catch {
                #expect(error.code == .notFound)
                #expect(error.message == "no tool named toolhunt")
            }
            do throws(RPCError) {
                _ = try await client.call(TestMethod.fail, Wire.Violation(line: 2))
                Issue.record("expected an error")
            } catch {
                #expect(error.code == .internal)
                #expect(!error.message.contains("Secret"))
            }
        }
    }

    @Test func twoGibibyteLengthPrefixClosesTheConnectionWithResourceExhausted() async throws {
        try await withTestRPCServer(router: router()) { server in
            let (received, closed) = try await RawTestConnection.exchange(
                port: server.localAddress.port, sending: RawTestConnection.helloFrame() + [0x80, 0, 0, 0, 1, 2, 3])
            #expect(closed)
            let answers = try RawTestConnection.envelopes(in: received)
            #expect(answers.last?.status?.code == .resourceExhausted)
            // The server still serves others.
            let client = client(server)
            defer { client.close() }
            let echo = try await client.call(TestMethod.echo, Wire.Violation(path: "ok"))
            #expect(echo.path == "ok")
        }
    }

    @Test func protocolVersionMismatchIsRefusedWithAClearMessage() async throws {
        try await withTestRPCServer(router: router()) { server in
            let (received, closed) = try await RawTestConnection.exchange(
                port: server.localAddress.port, sending: RawTestConnection.helloFrame(version: 99))
            #expect(closed)
            let answer = try #require(try RawTestConnection.envelopes(in: received).first)
            #expect(answer.status?.code == .failedPrecondition)
            #expect(answer.status?.message.contains("protocol version 99") == true)
        }
    }

    @Test func callsBeforeHelloAreRefused() async throws {
        try await withTestRPCServer(router: router()) { server in
            let request = RawTestConnection.frame(Wire.Envelope(callId: 1, method: TestMethod.echo.name, kind: .request))
            let (received, closed) = try await RawTestConnection.exchange(port: server.localAddress.port, sending: request)
            #expect(closed)
            #expect(try RawTestConnection.envelopes(in: received).first?.status?.code == .failedPrecondition)
        }
    }

    @Test func serviceTokenIsRequiredOnLoopback() async throws {
        try await withTestRPCServer(serviceToken: "s3cret-token", router: router()) { server in
            let without = client(server, token: "")
            defer { without.close() }
            #expect(await code { _ = try await without.call(TestMethod.echo, Wire.Violation()) } == .unauthenticated)
            let wrong = client(server, token: "s3cret-tokex")
            defer { wrong.close() }
            #expect(await code { _ = try await wrong.call(TestMethod.echo, Wire.Violation()) } == .unauthenticated)
            let right = client(server, token: "s3cret-token")
            defer { right.close() }
            let echo = try await right.call(TestMethod.echo, Wire.Violation(path: "in"))
            #expect(echo.path == "in")
        }
    }

    @Test func wrongServiceNameIsRefused() async throws {
        try await withTestRPCServer(serviceName: "planner", router: router()) { server in
            let client = client(server, service: "config")
            defer { client.close() }
            do throws(RPCError) {
                _ = try await client.call(TestMethod.echo, Wire.Violation())
                Issue.record("expected a refusal")
            } catch {
                #expect(error.code == .failedPrecondition)
                #expect(error.message.contains("planner service, not config"))
            }
        }
    }

    @Test func callsInFlightAboveTheCapAreResourceExhausted() async throws {
        try await withTestRPCServer(maximumCallsInFlight: 2, router: router()) { server in
            let client = client(server)
            defer { client.close() }
            let codes = await withTaskGroup(of: Wire.Code?.self) { group in
                for _ in 0..<5 {
                    group.addTask { await code { _ = try await client.call(TestMethod.sleep, Wire.Violation(line: 300)) } }
                }
                return await group.reduce(into: [Wire.Code?]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == nil }.count == 2)
            #expect(codes.filter { $0 == .resourceExhausted }.count == 3)
        }
    }

    @Test func aServerWithoutATokenDoesNotStart() async throws {
        await #expect(throws: RPCError.self) {
            _ = try await RPCServer.start(
                configuration: .init(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "config", serviceToken: ""),
                router: RPCRouter(), logger: silentLogger)
        }
    }

    private struct BindFailed: Error { var errno: Int32 }

    /// A TCP socket bound to a free loopback port, never listening; close it when done.
    private static func boundPortWithoutListener() throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound else {
            close(fd)
            throw BindFailed(errno: errno)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
