import Foundation
import Testing
import ToolConfig

@testable import ExecutorService
@testable import LocalBackend

#if canImport(Glibc)
import Glibc
#endif

/// Namespace mode with real bubblewrap and bridges: each run listens on its declared port at
/// its own address, its tool's other components reach it by name, other tools and the host's
/// loopback services cannot be reached, a replacement runs beside the old version on the
/// same port, a restarted executor finds the addresses again, and nothing is left behind.
@Suite(.serialized, .enabled(if: namespacesAvailable, "needs root, bubblewrap and iproute2"))
struct NetworkNamespaceTests {
    @Test func listensOnItsDeclaredPortAndPassesItsHealthCheck() async throws {
        try await NetworkFixture.with(tools: ["alpha"]) { fixture in
            let outcome = try await fixture.serve("alpha", "api", port: 5000, publish: true)
            #expect(outcome.port == 5000)
            #expect(outcome.summary.contains("healthy"), "\(outcome.summary)")
            let address = try #require(await fixture.networks.heldAddresses(of: "alpha").first)
            #expect(outcome.summary.hasSuffix("on port 5000 at \(address)"), "\(outcome.summary)")
            // The log writer writes behind the process.
            #expect(await eventually(timeout: .seconds(10)) {
                ((try? String(contentsOf: fixture.log("alpha", "api"), encoding: .utf8)) ?? "").contains("server PORT=5000")
            })
            // The executor reaches it at its address; the hosts file names it; the route leads there.
            #expect(await HealthChecker.check(.http(host: address, port: 5000, path: "/")) == nil)
            #expect(fixture.hostsAddress("alpha", "api") == address)
            let routes = await fixture.routes.snapshot(routerApplied: 0).routes
            #expect(routes.map(\.ports) == [[5000]] && routes.map(\.addresses) == [[address]], "\(routes)")
            #expect(fixture.backend.componentURL(component: "api", port: 5000) == "http://api:5000")
        }
    }

    @Test func theToolsOtherComponentsReachItByNameAndURL() async throws {
        try await NetworkFixture.with(tools: ["alpha"]) { fixture in
            _ = try await fixture.serve("alpha", "api")
            let url = fixture.backend.componentURL(component: "api", port: 5000)
            let fetch = RunSpec(command: "exec python3 -c 'import os, urllib.request; print(urllib.request.urlopen(os.environ[\"API_URL\"] + \"/hello\", timeout=5).read().decode())'")
            _ = try await fixture.backend.run(RunJob(tool: "alpha", component: "fetch", type: .oneOff, image: fixture.images["alpha"]!, run: fetch,
                                                     env: ["API_URL": url], logFile: fixture.log("alpha", "fetch"), replacing: []))
            let log = try String(contentsOf: fixture.log("alpha", "fetch"), encoding: .utf8)
            #expect(log.contains("api v1 /hello"), "\(log)")
            #expect(try await fixture.probe(from: "alpha", "open", ["api:5000"]))
            // A one-off's address goes back when it ends: only the api's is held.
            #expect(await fixture.networks.heldAddresses(of: "alpha").count == 1)
        }
    }

    @Test func anotherToolCannotReachItNorTheHostsLoopback() async throws {
        try await NetworkFixture.with { fixture in
            _ = try await fixture.serve("alpha", "api")
            let address = try #require(await fixture.networks.heldAddresses(of: "alpha").first)
            // A stand-in for the executor's RPC port: a listener on the host's loopback.
            let listener = try LoopbackListener()
            defer { listener.close() }
            let targets = ["\(address):5000", "api:5000", "127.0.0.1:\(listener.port)"]
            let closed = try await fixture.probe(from: "beta", "closed", targets)
            #expect(closed, "\((try? String(contentsOf: fixture.log("beta", "probe"), encoding: .utf8)) ?? "")")
            // The same prober from alpha does connect to its own api: the test is not vacuous.
            #expect(try await fixture.probe(from: "alpha", "open", ["\(address):5000"]))
            #expect(try await fixture.probe(from: "alpha", "closed", ["127.0.0.1:\(listener.port)"]))
        }
    }

    @Test func runsCannotOpenConnectionsToTheHostThroughTheirBridge() async throws {
        try await NetworkFixture.with(tools: ["alpha"]) { fixture in
            _ = try await fixture.serve("alpha", "api")
            #expect(await fixture.networks.hostFilter(), "nftables installed the host filter")
            let address = try #require(await fixture.networks.heldAddresses(of: "alpha").first)
            let gateway = address.split(separator: ".").dropLast().joined(separator: ".") + ".1"
            // A host service on all addresses, like compose's control plane on 0.0.0.0.
            let listener = try LoopbackListener(anyAddress: true)
            defer { listener.close() }
            #expect(await HealthChecker.check(.tcp(host: gateway, port: listener.port)) == nil, "the host itself reaches it")
            let closed = try await fixture.probe(from: "alpha", "closed", ["\(gateway):\(listener.port)"])
            #expect(closed, "\((try? String(contentsOf: fixture.log("alpha", "probe"), encoding: .utf8)) ?? "")")
            // While the executor's own connections into the run are answered (the health check passed).
            #expect(await HealthChecker.check(.tcp(host: address, port: 5000)) == nil)
        }
    }

    @Test func aReplacementListensOnTheSamePortBesideTheOldVersion() async throws {
        try await NetworkFixture.with(tools: ["alpha"]) { fixture in
            let first = try await fixture.serve("alpha", "api", version: "v1", publish: true)
            let old = try #require(fixture.hostsAddress("alpha", "api"))
            let second = try await fixture.serve("alpha", "api", version: "v2", publish: true)
            let new = try #require(fixture.hostsAddress("alpha", "api"))
            #expect(old != new)
            #expect(first.port == 5000 && second.port == 5000)
            #expect(await fixture.networks.heldAddresses(of: "alpha") == [new], "the old version's address went back")
            #expect(await eventually(timeout: .seconds(10)) {
                first.processes.allSatisfy { !LinuxProcessInfo.isRunning(pid: $0.pid, startTime: $0.startTime) }
            })
            let routes = await fixture.routes.snapshot(routerApplied: 0).routes
            #expect(routes.map(\.addresses) == [[new]], "\(routes)")
            #expect(try await fixture.probe(from: "alpha", "open", ["api:5000"]))
        }
    }

    @Test func replicasEachHaveAnAddressOnTheDeclaredPort() async throws {
        try await NetworkFixture.with(tools: ["alpha"]) { fixture in
            var run = RunSpec(command: "NAME=api VERSION=v1 exec python3 server.py")
            run.port = 5000
            run.replicas = 2
            run.publish = true
            _ = try await fixture.backend.run(RunJob(tool: "alpha", component: "api", type: .continuous, image: fixture.images["alpha"]!,
                                                     run: run, env: [:], logFile: fixture.log("alpha", "api"), replacing: []))
            let addresses = await fixture.networks.heldAddresses(of: "alpha")
            #expect(addresses.count == 2)
            let routes = await fixture.routes.snapshot(routerApplied: 0).routes
            #expect(routes.first?.ports == [5000, 5000] && Set(routes.first?.addresses ?? []) == Set(addresses), "\(routes)")
            for address in addresses {
                #expect(await HealthChecker.waitUntilHealthy(.tcp(host: address, port: 5000), timeout: .seconds(10)).healthy)
            }
        }
    }

    @Test func aRestartedExecutorReadoptsRunsAtTheirAddresses() async throws {
        try await withTemporaryDirectory { root in
            let (prefix, range) = NetworkFixture.unique()
            defer { NetworkFixture.expectNoLinks(prefix) }
            let state = root.appendingPathComponent("executor")
            func backend(_ routes: RouteTable) -> (LocalBackend, ToolNetworks) {
                let networks = ToolNetworks(range: range, linkPrefix: prefix, directory: state.appendingPathComponent("network"), logger: testLogger)
                return (LocalBackend(stateDirectory: state, allowLocalRepositories: true, startupTimeout: .seconds(20), sandbox: .bubblewrap(),
                                     routes: routes, drainPeriod: .zero, networks: networks, logger: testLogger), networks)
            }
            let repository = try await GitTestRepository.create(at: root.appendingPathComponent("repo"), files: ["server.py": NetworkFixture.server])
            let (first, firstNetworks) = backend(RouteTable())
            let image = try await first.build(BuildJob(repository: repository.url, commit: try await repository.head(), path: nil, command: nil,
                                                       logFile: root.appendingPathComponent("build.log"), tool: "alpha"))
            var run = RunSpec(command: "NAME=api VERSION=v1 exec python3 server.py")
            run.port = 5000
            run.publish = true
            let log = root.appendingPathComponent("api.log")
            let outcome: RunOutcome
            do {
                outcome = try await first.run(RunJob(tool: "alpha", component: "api", type: .continuous, image: image, run: run, env: [:],
                                                     logFile: log, replacing: []))
            } catch {
                await first.shutdown(stopProcesses: true)
                throw error
            }
            let address = try #require(await firstNetworks.heldAddresses(of: "alpha").first)
            await first.shutdown(stopProcesses: false)

            let routes = RouteTable()
            let (second, secondNetworks) = backend(routes)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let record = ComponentStateRecord(
                tool: "alpha", component: "api", type: .continuous, imageID: image.id, imagePath: image.path.path, repository: repository.url,
                commit: "", buildSettingsHash: "", runSpecHash: "", waitFor: [], lastResult: .succeeded, scheduled: false,
                runSpecJSON: String(decoding: try encoder.encode(run), as: UTF8.self), env: [:], processes: outcome.processes, port: 5000, deployId: "d")
            let recovered = try await second.recover(record, logFile: log)
            #expect(recovered.summary.contains("re-adopted 1 of 1"), "\(recovered.summary)")
            #expect(await secondNetworks.heldAddresses(of: "alpha") == [address])
            #expect(await routes.snapshot(routerApplied: 0).routes.map(\.addresses) == [[address]])
            #expect(await HealthChecker.check(.tcp(host: address, port: 5000)) == nil)
            await second.shutdown(stopProcesses: true)
        }
    }

    @Test func theProbeMakesAndDeletesABridgeOrSaysWhyNot() async throws {
        let (prefix, _) = NetworkFixture.unique()
        defer { NetworkFixture.expectNoLinks(prefix) }
        let directory = FileManager.default.temporaryDirectory
        #expect(await ToolNetworks(linkPrefix: prefix, directory: directory, logger: testLogger).probe() == nil)
        // A bridge that cannot be made (here, a name ip refuses) is a reason to fall back.
        let reason = await ToolNetworks(linkPrefix: "a b", directory: directory, logger: testLogger).probe()
        #expect(reason?.contains("cannot make a bridge") == true && reason?.contains("CAP_NET_ADMIN") == true, "\(reason ?? "nil")")
    }

    @Test func buildCommandsHaveLoopbackOnly() async throws {
        try await NetworkFixture.with(tools: ["alpha"]) { fixture in
            _ = try await fixture.serve("alpha", "api")
            let address = try #require(await fixture.networks.heldAddresses(of: "alpha").first)
            let repository = try await GitTestRepository.create(at: fixture.root.appendingPathComponent("build-repo"), files: ["probe.py": NetworkFixture.prober])
            let built = try await fixture.backend.build(BuildJob(
                repository: repository.url, commit: try await repository.head(), path: nil,
                command: "python3 probe.py closed \(address):5000 && python3 -c 'import socket; print(socket.if_nameindex())' > interfaces",
                logFile: fixture.root.appendingPathComponent("probe-build.log"), tool: "alpha"))
            let interfaces = try String(contentsOf: built.path.appendingPathComponent("interfaces"), encoding: .utf8)
            #expect(interfaces.contains("'lo'") && !interfaces.contains("eth0"), "\(interfaces)")
        }
    }
}

/// A TCP listener on the host's 127.0.0.1 (or all addresses) that accepts nothing (the kernel completes the
/// handshakes: a connection that reaches it counts as open).
private struct LoopbackListener {
    let descriptor: Int32
    let port: Int

    init(anyAddress: Bool = false) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t((anyAddress ? UInt32(0) : UInt32(0x7F00_0001)).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw LocalBackendError(code: .fileSystem, message: "cannot listen on loopback") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
