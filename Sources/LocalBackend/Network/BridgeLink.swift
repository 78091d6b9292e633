import ExecutorService
import Foundation

/// A tool's bridge on the host: made once with the host's address of the tool's subnet,
/// forwarding off and no IPv6, so it carries the tool's own traffic and the executor's and
/// router's connections into its runs, and nothing between tools.
enum BridgeLink {
    /// Makes `name` with `address`, unless a bridge of that name is there already (an
    /// earlier executor's, whose runs may still use it); either way turns forwarding off.
    static func ensure(_ name: String, address: String, prefixLength: Int) async throws(LocalBackendError) {
        if !exists(name) {
            try await IPBatch.run(["link add \(name) type bridge", "addr add \(address)/\(prefixLength) dev \(name)", "link set \(name) up"])
        }
        // Per interface, no process needed. The runs have no default route, so they could not
        // reach another subnet even where the host forwards (setting ip_forward turns these on).
        try set("ipv4/conf/\(name)/forwarding", "0")
        try? set("ipv6/conf/\(name)/disable_ipv6", "1")
    }

    /// True when a network interface `name` exists in the executor's namespace.
    static func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: "/sys/class/net/\(name)")
    }

    /// Checks that the executor can make bridges here (root with CAP_NET_ADMIN, iproute2 and
    /// nsenter installed): nil when it can, else why not.
    static func probe(linkPrefix: String) async -> String? {
        guard FileManager.default.isExecutableFile(atPath: IPBatch.ip) else { return "iproute2 is not installed (no \(IPBatch.ip))" }
        guard FileManager.default.isExecutableFile(atPath: IPBatch.nsenter) else { return "nsenter is not installed (util-linux)" }
        let name = linkPrefix + "p" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(14 - linkPrefix.count)).lowercased()
        do {
            try await IPBatch.run(["link add \(name) type bridge", "link delete \(name)"])
            return nil
        } catch {
            return "cannot make a bridge (\(error.message)); namespace networking needs root with CAP_NET_ADMIN"
        }
    }

    private static func set(_ key: String, _ value: String) throws(LocalBackendError) {
        do {
            try Data(value.utf8).write(to: URL(fileURLWithPath: "/proc/sys/net/\(key)"))
        } catch {
            throw LocalBackendError(code: .network, message: "cannot set net.\(key.replacingOccurrences(of: "/", with: ".")) to \(value): \(error.localizedDescription)")
        }
    }
}
