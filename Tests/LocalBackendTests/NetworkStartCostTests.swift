import Foundation
import Testing

@testable import ExecutorService
@testable import LocalBackend

/// What a network namespace adds to the start of a sandboxed process: `/bin/true` run to its
/// end as a one-off (log writer, sandbox, wait), on the host's network and attached to its
/// tool's bridge, in turn so drift falls on both alike. Prints the figures; the bound only
/// catches a setup gone wrong (a timeout, a retry loop).
@Suite(.serialized, .enabled(if: namespacesAvailable, "needs root, bubblewrap and iproute2"))
struct NetworkStartCostTests {
    @Test func aNamespaceAddsTwoSpawnsToAStart() async throws {
        try await withTemporaryDirectory { root in
            let (prefix, range) = NetworkFixture.unique()
            defer { NetworkFixture.expectNoLinks(prefix) }
            let networks = ToolNetworks(range: range, linkPrefix: prefix, directory: root.appendingPathComponent("network"), logger: testLogger)
            let app = root.appendingPathComponent("app")
            try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
            let supervisor = Supervisor(logger: testLogger)
            let profile = SandboxProfile(tool: "bench", home: nil, appDirectory: app, appWritable: false)
            let host = SupervisedCommand(command: "true", directory: app, log: LogFile(url: root.appendingPathComponent("host.log")),
                                         sandbox: .bubblewrap(), profile: profile)
            var attached = SupervisedCommand(command: "true", directory: app, log: LogFile(url: root.appendingPathComponent("netns.log")),
                                             sandbox: .bubblewrap(), profile: profile)
            let (network, addresses) = try await networks.allocate(tool: "bench")
            attached.profile?.network = .attached(network)
            var figures: (host: [Double], namespace: [Double]) = ([], [])
            func time(_ command: SupervisedCommand) async throws -> Double {
                let started = ContinuousClock.now
                let result = try await supervisor.runOnce(command, timeout: .seconds(10))
                #expect(result.succeeded)
                let elapsed = ContinuousClock.now - started
                return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            }
            for _ in 0..<3 { _ = try await time(host); _ = try await time(attached) }
            for _ in 0..<40 {
                figures.host.append(try await time(host))
                figures.namespace.append(try await time(attached))
            }
            await networks.release(tool: "bench", addresses: addresses)
            await networks.removeBridges()
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            func p90(_ values: [Double]) -> Double { values.sorted()[values.count * 9 / 10] }
            let line = String(format: "NetworkStartCostTests: sandboxed one-off start to exit, median / p90 of 40: host network %.1f / %.1f ms, own namespace on the tool's bridge %.1f / %.1f ms (+%.1f ms median)",
                              median(figures.host), p90(figures.host), median(figures.namespace), p90(figures.namespace),
                              median(figures.namespace) - median(figures.host))
            print(line)
            #expect(median(figures.namespace) < median(figures.host) + 500, "\(line)")
        }
    }
}
