import ComponentsTesting
import Foundation
import Protocol
import Testing

/// Peers that connect and never speak cannot use up a server: past the connection cap they
/// are closed at once, the rest when the Hello deadline passes, and real calls go on.
@Suite(.serialized) struct IdleConnectionTests {
    private func start(helloTimeout: Duration) async throws -> RPCServer {
        var configuration = RPCServerConfiguration(address: ServiceAddress(host: "127.0.0.1", port: 0), serviceName: "test", serviceToken: testServiceToken)
        configuration.helloTimeout = helloTimeout
        var router = RPCRouter()
        router.register(TestMethod.echo) { request, _ in request }
        return try await RPCServer.start(configuration: configuration, router: router, logger: silentLogger)
    }

    private func makeClient(_ server: RPCServer) -> RPCClient {
        var configuration = RPCClient.Configuration(address: server.localAddress, serviceName: "test", serviceToken: testServiceToken)
        configuration.connectTimeout = .seconds(15)
        return RPCClient(configuration: configuration, logger: silentLogger)
    }

    /// `echo` on a connection that may be new. A new connection must say Hello within the
    /// server's short deadline, which a starved test process can miss; a real client retries
    /// such a lost connection, and so does this.
    private func echoOnANewConnection(_ client: RPCClient, _ path: String) async throws -> String {
        for _ in 1..<5 {
            do {
                let answer: Wire.Violation = try await client.call(TestMethod.echo, Wire.Violation(path: path))
                return answer.path
            } catch {
                guard error.code == .unavailable else { throw error }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let answer: Wire.Violation = try await client.call(TestMethod.echo, Wire.Violation(path: path))
        return answer.path
    }

    /// A non-blocking TCP socket connecting to `port` on loopback.
    private func idleSocket(port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return fd
    }

    /// True once the peer closed `fd` (end of file or reset).
    private func isClosedByPeer(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINPROGRESS)
    }

    @Test func twoThousandIdleConnectionsAreClosedAndRealCallsKeepWorking() async throws {
        let server = try await start(helloTimeout: .seconds(3))
        defer { server.close() }
        let client = makeClient(server)
        defer { client.close() }
        #expect(try await echoOnANewConnection(client, "before") == "before")

        // In batches, each one waited for until the server accepted or closed every socket of
        // it, so the kernel's accept queue never overflows (a connection dropped there never
        // reaches the server, and never learns it), however loaded the machine.
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        var closed = Set<Int32>()
        var peak = 0
        for _ in 0..<20 {
            sockets += (0..<100).map { _ in idleSocket(port: server.localAddress.port) }
            let deadline = ContinuousClock.now.advanced(by: .seconds(30))
            while ContinuousClock.now < deadline {
                closed.formUnion(sockets.filter { !closed.contains($0) && isClosedByPeer($0) })
                let count = server.connectionCount
                peak = max(peak, count)
                if count - 1 + closed.count >= sockets.count { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(peak <= 1_024)
        // The connected client is not disturbed while they sit there: its calls go through on
        // the connection it has, at the first attempt.
        let during: Wire.Violation = try await client.call(TestMethod.echo, Wire.Violation(path: "during"))
        #expect(during.path == "during")

        var open = sockets
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while !open.isEmpty, ContinuousClock.now < deadline {
            open.removeAll(where: isClosedByPeer)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(open.isEmpty, "\(open.count) idle connections are still open")
        #expect(server.connectionCount == 1)
        let still: Wire.Violation = try await client.call(TestMethod.echo, Wire.Violation(path: "still"))
        #expect(still.path == "still")

        // New clients get in once the idle ones are gone.
        let fresh = makeClient(server)
        defer { fresh.close() }
        #expect(try await echoOnANewConnection(fresh, "after") == "after")
    }

    @Test func beforeHelloOnlySmallFramesAreBuffered() async throws {
        let server = try await start(helloTimeout: .seconds(30))
        defer { server.close() }
        // A peer that has not said Hello announces a 1 MiB frame: refused before any of it is kept.
        var header = [UInt8](repeating: 0, count: 4)
        withUnsafeBytes(of: UInt32(1 << 20).bigEndian) { header = Array($0) }
        let (received, closed) = try await RawTestConnection.exchange(port: server.localAddress.port, sending: header + [UInt8](repeating: 1, count: 1_000))
        #expect(closed)
        #expect(try RawTestConnection.envelopes(in: received).first?.status?.code == .resourceExhausted)
        // After Hello, the configured limit applies: a 1 MiB call works.
        let client = makeClient(server)
        defer { client.close() }
        let big: Wire.Violation = try await client.call(TestMethod.echo, Wire.Violation(path: String(repeating: "b", count: 1 << 20)))
        #expect(big.path.count == 1 << 20)
    }
}
