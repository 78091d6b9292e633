import Foundation

/// Where a sandboxed process is on the network (``SandboxProfile/network``).
public enum SandboxNetwork: Sendable, Hashable {
    /// The host's network, shared with every tool.
    case host
    /// A namespace of its own with loopback only (build commands in namespace mode).
    case loopback
    /// A namespace of its own, connected to its tool's bridge at an address before the
    /// program starts.
    case attached(RunNetwork)
    /// The namespace of a running sandbox (a script health check joins its replica's).
    case joined(sandboxPID: Int32, hostsFile: URL)
}

/// A run's place on its tool's network: the bridge it is connected to, its address, and the
/// tool's hosts file it sees as `/etc/hosts`.
public struct RunNetwork: Sendable, Hashable {
    /// The tool's bridge on the host.
    public var bridge: String
    /// The run's address; for a continuous run, the supervisor sets each replica's.
    public var address: String
    /// The prefix length of the tool's subnet.
    public var prefixLength: Int
    /// The tool's hosts file, bound read-only at `/etc/hosts`.
    public var hostsFile: URL
    /// The prefix of the host-side names of veth pairs (the tool networks' prefix).
    public var linkPrefix: String

    /// Creates a run's network.
    public init(bridge: String, address: String, prefixLength: Int, hostsFile: URL, linkPrefix: String) {
        self.bridge = bridge
        self.address = address
        self.prefixLength = prefixLength
        self.hostsFile = hostsFile
        self.linkPrefix = linkPrefix
    }

    /// Connects the namespace of the sandbox `sandboxPID` to the bridge: a veth pair made with
    /// its inner end, `eth0`, directly in the namespace (both ends go when the namespace does),
    /// then the address inside. No IPv6 link-local addresses, so nothing but the tool's IPv4
    /// subnet is reachable, and no default route: no traffic leaves the tool's bridge.
    func connect(sandboxPID: Int32) async throws(LocalBackendError) {
        let outer = linkPrefix + "v" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(14 - linkPrefix.count)).lowercased()
        // addrgenmode cannot be given to `link add`; set before `up`, no link-local is made.
        try await IPBatch.run(["link add \(outer) master \(bridge) type veth peer name eth0 netns \(sandboxPID)",
                               "link set \(outer) addrgenmode none", "link set \(outer) up"])
        try await IPBatch.run(["link set eth0 addrgenmode none", "addr add \(address)/\(prefixLength) dev eth0", "link set eth0 up"],
                              inNetworkOf: sandboxPID)
    }
}
