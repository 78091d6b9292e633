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
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", state.path, "--log-level", "warning",
                        "--cli-config", state.appendingPathComponent("cli.yaml").path],
            waitingFor: ["config", "planner", "executor", "gateway"])
        defer { process.kill() }
        #expect(Set(process.addresses.values.map(\.port)).count == 4)

        // The service token was made in the state folder, private to the daemon's user.
        let tokenFile = state.appendingPathComponent("service-token").path
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 64)

        // Each RPC listener answers the health call as the service it claims to be, and only
        // to a peer with the token, although every peer here is on loopback.
        for name in ["config", "planner", "executor"] {
            let address = try #require(process.addresses[name])
            let client = RPCClient(configuration: .init(address: address, serviceName: name, serviceToken: token), logger: silentLogger)
            defer { client.close() }
            let answer = try await client.call(ComponentsMethod.health, Wire.Hello())
            #expect(answer.service == name)
            for guess in ["", "wrong-token"] {
                let stranger = RPCClient(configuration: .init(address: address, serviceName: name, serviceToken: guess), logger: silentLogger)
                defer { stranger.close() }
                do {
                    _ = try await stranger.call(ComponentsMethod.health, Wire.Hello())
                    Issue.record("the \(name) service answered a peer without its token")
                } catch {
                    #expect((error as? RPCError)?.code == .unauthenticated, "\(error)")
                }
            }
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

    /// The token file stays 0600 when a second start rewrites it (a new gateway port), and
    /// nothing in the state folder can be read by another user.
    @Test func stateAndTokenFilesArePrivateAcrossRestarts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("componentsd-modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        let cli = folder.appendingPathComponent("home/cli.yaml")
        for _ in 0..<2 {
            let process = try await ComponentsdProcess(
                arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", state.path, "--log-level", "warning",
                            "--cli-config", cli.path],
                waitingFor: ["config", "planner", "executor", "gateway"])
            defer { process.kill() }
            // The default tool is written once the gateway listens.
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            while !((try? String(contentsOf: cli, encoding: .utf8))?.contains("\(process.addresses["gateway"]!)") ?? false), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await process.stop(signal: SIGTERM) == 0)
        }
        #expect(try permissions(cli) == 0o600)
        #expect(try permissions(state) == 0o700)
        let everything = FileManager.default.enumerator(at: state, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        #expect(everything.contains { $0.lastPathComponent == "config.sqlite" })
        for url in everything {
            #expect(try permissions(url) & 0o077 == 0, "\(url.path) is readable by others")
        }
    }

    private func permissions(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    /// `componentsd tool rotate-token` and `tool delete` take effect at once on a running stack.
    @Test func rotatedAndDeletedToolTokensStopWorkingAtOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("componentsd-tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        let process = try await ComponentsdProcess(
            arguments: ["all", "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--no-router", "--state-dir", state, "--log-level", "warning",
                        "--cli-config", folder.appendingPathComponent("cli.yaml").path],
            waitingFor: ["config", "planner", "executor", "gateway"])
        defer { process.kill() }
        let gateway = try #require(process.addresses["gateway"])
        func status(_ token: String) async throws -> Int {
            var request = URLRequest(url: URL(string: "http://\(gateway)/v1/tool/rotor/deployment/token")!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }
        func tool(_ arguments: String...) async throws -> String {
            try await ComponentsdProcess.runOnce(["tool"] + arguments + ["--state-dir", state]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let first = try await tool("create", "rotor")
        #expect(try await status(first) == 404)  // authenticated; the tool has no deploy token yet

        let second = try await tool("rotate-token", "rotor")
        #expect(second.hasPrefix("ctt_rotor_") && second != first)
        #expect(try await status(first) == 401)
        #expect(try await status(second) == 404)

        let deleted = try await tool("delete", "rotor")
        #expect(deleted.contains("deleted the tool rotor"))
        #expect(try await status(second) == 401)
        await #expect(throws: (any Error).self) { _ = try await tool("rotate-token", "rotor") }
        let again = try await tool("create", "rotor")
        #expect(try await status(again) == 404)
        #expect(await process.stop(signal: SIGTERM) == 0)
    }

    @Test func aServiceWhoseTokenFileIsMissingRefusesToStart() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-token-\(UUID().uuidString)").path
        await #expect(throws: ProcessError.self) {
            let process = try await ComponentsdProcess(
                arguments: ["planner", "--listen", "127.0.0.1:0", "--service-token-file", missing], waitingFor: ["planner"], timeout: .seconds(10))
            await process.stop()
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
