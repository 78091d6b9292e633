import ExecutorService
import Foundation
import Logging

/// The tools' networks in namespace mode: each tool gets a /24 of the operator's range
/// (`--network-range`, recorded in `STATE/network/subnets.json` so it survives restarts) and
/// a Linux bridge whose `.1` is the host's address; each run gets an address of the subnet
/// and a namespace connected to the bridge (``RunNetwork``). A tool's hosts file maps its
/// components to the instances serving them.
///
/// Bridges carry no default route into the runs and have forwarding off, so nothing is
/// forwarded between tools. They stay up while the executor runs, and go with
/// ``removeBridges()``.
public actor ToolNetworks {
    /// The operator's range.
    public let range: IPv4Subnet
    /// Starts every link name (bridges, host ends of veth pairs): at most 5 characters, so a
    /// name stays within Linux's 15.
    public let linkPrefix: String
    /// `STATE/network`: the subnet record and the hosts files.
    public let directory: URL
    let logger: Logger
    private var subnets: [String: Int]?
    /// The host numbers each tool's runs hold now.
    private var held: [String: Set<Int>] = [:]
    /// What each tool's hosts file says.
    private var entries: [String: [String: String]] = [:]
    /// Bridges made or found by this executor, each with the task that made it ready.
    private var bridges: [String: Task<Void, any Error>] = [:]
    /// The host filter (``HostFilter``), installed with the first bridge; true once in place.
    private var filter: Task<Bool, Never>?

    /// The networks over `range`, recorded in `directory`.
    public init(range: IPv4Subnet = .defaultRange, linkPrefix: String = "cmp", directory: URL, logger: Logger) {
        self.range = range
        self.linkPrefix = String(linkPrefix.prefix(5))
        self.directory = directory
        self.logger = logger
    }

    /// Nil when this executor can make the bridges and namespaces, else why not.
    public nonisolated func probe() async -> String? {
        await BridgeLink.probe(linkPrefix: linkPrefix)
    }

    /// The bridge of `tool`: the prefix, `b`, and a hash of the tool's name.
    public nonisolated func bridgeName(of tool: String) -> String {
        linkPrefix + "b" + LocalSHA256.hex(tool).prefix(14 - linkPrefix.count)
    }

    /// The tool's hosts file on the host.
    public nonisolated func hostsFile(of tool: String) -> URL {
        directory.appendingPathComponent("hosts-\(tool)")
    }

    /// `count` addresses for runs of `tool`, held until ``release(tool:addresses:)``, and the
    /// network they are on (its address is the first one's). Makes the tool's subnet, bridge
    /// and hosts file on first use.
    public func allocate(tool: String, count: Int = 1) async throws(LocalBackendError) -> (network: RunNetwork, addresses: [String]) {
        let subnet = try subnet(of: tool)
        var taken = held[tool, default: []]
        var numbers: [Int] = []
        for number in subnet.runHostNumbers where !taken.contains(number) && numbers.count < count {
            numbers.append(number)
        }
        guard numbers.count == count else {
            throw LocalBackendError(code: .network, message: "tool \(tool) has no free address left in \(subnet) for \(count) more runs")
        }
        taken.formUnion(numbers)
        held[tool] = taken
        let addresses = numbers.map { subnet.address($0) }
        do {
            return (try await network(of: tool, subnet: subnet, address: addresses[0]), addresses)
        } catch {
            held[tool]?.subtract(numbers)
            throw error
        }
    }

    /// The network of `tool` with `addresses` held again (runs re-adopted after a restart).
    public func hold(tool: String, addresses: [String]) async throws(LocalBackendError) -> RunNetwork {
        let subnet = try subnet(of: tool)
        let numbers = addresses.compactMap { subnet.hostNumber(of: $0) }
        held[tool, default: []].formUnion(numbers)
        return try await network(of: tool, subnet: subnet, address: addresses.first ?? subnet.address(2))
    }

    /// Gives `addresses` of `tool` back.
    public func release(tool: String, addresses: [String]) {
        guard let subnet = try? subnet(of: tool) else { return }
        held[tool]?.subtract(addresses.compactMap { subnet.hostNumber(of: $0) })
    }

    /// Points `component` of `tool` at `address` in the tool's hosts file (nil removes it).
    public func publish(tool: String, component: String, address: String?) throws(LocalBackendError) {
        var table = entries[tool, default: [:]]
        guard table[component] != address else { return }
        table[component] = address
        entries[tool] = table
        try HostsFile.write(table, to: hostsFile(of: tool))
    }

    /// The addresses `tool`'s runs hold now, sorted (for tests and logs).
    public func heldAddresses(of tool: String) -> [String] {
        guard let subnet = try? subnet(of: tool) else { return [] }
        return held[tool, default: []].sorted().map { subnet.address($0) }
    }

    /// Deletes every bridge this executor made or found, the host ends of veth pairs left by
    /// ended runs, and the host filter (their runs must have stopped: this cuts them off).
    public func removeBridges() async {
        for bridge in bridges.keys.sorted() {
            do {
                try await IPBatch.run(["link delete \(bridge)"])
            } catch {
                logger.warning("could not delete a tool bridge", metadata: ["bridge": "\(bridge)", "error": "\(error.message)"])
            }
        }
        bridges = [:]
        // The veth pairs of ended runs go with their namespaces, but the kernel tears
        // namespaces down in the background, seconds later under load: what is left goes now.
        let veths = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { $0.hasPrefix(linkPrefix + "v") }
        if !veths.isEmpty {
            try? await IPBatch.run(veths.map { "link delete \($0)" }, force: true)
        }
        if let filter, await filter.value {
            do {
                try await HostFilter.remove(linkPrefix: linkPrefix)
            } catch {
                logger.warning("could not delete the tools' host filter", metadata: ["error": "\(error.message)"])
            }
        }
        filter = nil
    }

    /// Installs the host filter once; answers whether it is in place. Without it (no nftables)
    /// runs work, but reach host services listening on all addresses, which is logged.
    func hostFilter() async -> Bool {
        if let filter { return await filter.value }
        let linkPrefix = linkPrefix, logger = logger
        let task = Task {
            do throws(LocalBackendError) {
                try await HostFilter.install(linkPrefix: linkPrefix)
                return true
            } catch {
                logger.warning("tools' runs can reach host services listening on all addresses through their bridge: \(error.message)")
                return false
            }
        }
        filter = task
        return await task.value
    }

    private func network(of tool: String, subnet: IPv4Subnet, address: String) async throws(LocalBackendError) -> RunNetwork {
        let bridge = bridgeName(of: tool)
        _ = await hostFilter()
        // Runs of a tool start side by side: the first makes the bridge, the others wait for it.
        let making: Task<Void, any Error>
        if let existing = bridges[bridge] {
            making = existing
        } else {
            let hostsFile = hostsFile(of: tool), directory = directory, table = entries[tool, default: [:]]
            making = Task {
                do {
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw LocalBackendError(code: .fileSystem, message: "cannot make \(directory.path): \(error.localizedDescription)")
                }
                try HostsFile.write(table, to: hostsFile)
                try await BridgeLink.ensure(bridge, address: subnet.address(1), prefixLength: subnet.prefixLength)
            }
            bridges[bridge] = making
        }
        do {
            try await making.value
        } catch {
            bridges[bridge] = nil
            throw error as? LocalBackendError ?? LocalBackendError(code: .network, message: "\(error)")
        }
        return RunNetwork(bridge: bridge, address: address, prefixLength: subnet.prefixLength, hostsFile: hostsFile(of: tool), linkPrefix: linkPrefix)
    }

    /// The tool's /24, allocated (lowest free index) and recorded on first use.
    private func subnet(of tool: String) throws(LocalBackendError) -> IPv4Subnet {
        var table = try loadSubnets()
        if let index = table[tool], index < range.toolSubnetCount { return range.toolSubnet(index) }
        let used = Set(table.values)
        guard let index = (0..<range.toolSubnetCount).first(where: { !used.contains($0) }) else {
            throw LocalBackendError(code: .network, message: "every /24 of the network range \(range) is taken by a tool; widen --network-range")
        }
        table[tool] = index
        try subnetFile.save(table, change: "the subnet of tool \(tool)")
        subnets = table
        return range.toolSubnet(index)
    }

    private func loadSubnets() throws(LocalBackendError) -> [String: Int] {
        if let subnets { return subnets }
        let table = try subnetFile.load()
        subnets = table
        return table
    }

    private var subnetFile: ToolTableFile<Int> {
        ToolTableFile(url: directory.appendingPathComponent("subnets.json"), contents: "tool subnets")
    }
}
