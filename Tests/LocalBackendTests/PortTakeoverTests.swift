import ComponentsTesting
import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

#if canImport(Glibc)
import Glibc
#endif

/// Issue 14's port takeover, made moot by per-run network namespaces: another tool binding
/// the same port number, even while a component is down and waiting to restart, binds it in
/// its own namespace and takes nothing from the component.
@Suite(.serialized, .enabled(if: namespacesAvailable, "needs root, bubblewrap and iproute2"))
struct PortTakeoverTests {
    @Test func anotherToolOnTheSamePortCannotTakeItWhileTheComponentRestarts() async throws {
        try await NetworkFixture.with { fixture in
            let api = try await fixture.serve("alpha", "api", port: 5000)
            // Mallory's component listens on the same port number: in its own namespace.
            let squatter = try await fixture.serve("beta", "squatter", port: 5000)
            #expect(squatter.port == 5000)
            let squatterAddress = try #require(await fixture.networks.heldAddresses(of: "beta").first)

            // The api crashes; while it waits for its restart, the squatter keeps listening.
            let pid = try #require(api.processes.first?.pid)
            #expect(kill(pid_t(pid), SIGKILL) == 0)
            // It started a second time (its log says so twice), and answers on its port again.
            let restarted = await eventually(timeout: .seconds(30)) {
                let log = (try? String(contentsOf: fixture.log("alpha", "api"), encoding: .utf8)) ?? ""
                return log.components(separatedBy: "server PORT=5000").count - 1 >= 2
            }
            #expect(restarted, "the api was not restarted")
            let back = await eventually(timeout: .seconds(30)) {
                guard let address = fixture.hostsAddress("alpha", "api") else { return false }
                return await Self.get("http://\(address):5000/after") == "api v1 /after\n"
            }
            #expect(back, "the api did not come back on its port")
            #expect(await Self.get("http://\(squatterAddress):5000/") == "squatter v1 /\n")
        }
    }

    /// The body of a GET, or nil.
    private static func get(_ url: String) async -> String? {
        try? await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-fsS", "--max-time", "2", url]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return nil }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
        }
    }
}
