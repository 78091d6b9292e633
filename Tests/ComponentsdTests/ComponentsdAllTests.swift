import ComponentsTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Protocol
import Testing

/// `componentsd all` as a real process on ports chosen at run time.
@Suite struct ComponentsdAllTests {
    @Test func allStartsFourListenersAnswersHealthAndStopsCleanlyOnSIGTERM() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("componentsd-all-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let process = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--state-dir", state.path, "--log-level", "warning",
                        "--cli-config", state.appendingPathComponent("cli.yaml").path],
            waitingFor: ["config", "planner", "executor", "gateway"])
        defer { process.kill() }
        #expect(Set(process.addresses.values.map(\.port)).count == 4)

        // Each RPC listener answers the health call as the service it claims to be.
        for name in ["config", "planner", "executor"] {
            let address = try #require(process.addresses[name])
            let client = RPCClient(configuration: .init(address: address, serviceName: name), logger: silentLogger)
            defer { client.close() }
            let answer = try await client.call(ComponentsMethod.health, Wire.Hello())
            #expect(answer.service == name)
        }

        let gateway = try #require(process.addresses["gateway"])
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://\(gateway)/v1/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect((json["data"] as? [String: Any])?["status"] as? String == "ok")

        // The default tool was created and its token written for the CLI.
        let cli = try String(contentsOf: state.appendingPathComponent("cli.yaml"), encoding: .utf8)
        #expect(cli.contains("url: http://\(gateway)"))
        #expect(cli.contains("token: ctt_mytool_"))

        #expect(await process.stop(signal: SIGTERM) == 0)
        #expect(!process.isRunning)
    }

    @Test func serviceBeyondLoopbackWithoutTokenRefusesToStart() async throws {
        await #expect(throws: ProcessError.self) {
            let process = try await ComponentsdProcess(
                arguments: ["planner", "--listen", "0.0.0.0:0"], waitingFor: ["planner"], timeout: .seconds(10))
            await process.stop()
        }
    }
}
