import ExecutorService
import Foundation

/// An nftables table that drops every connection tools' runs open to the host itself through
/// their bridges (`iifname "<prefix>b*"`), letting through only the replies of connections the
/// host opened (health checks, Caddy). Without it, a run reaches any host service listening on
/// all addresses at its bridge's `.1` (compose's control plane listens on 0.0.0.0). Traffic
/// between the runs of one tool is bridged and never meets the host's input hook.
enum HostFilter {
    static let nft = "/usr/sbin/nft"

    /// The table of links starting with `linkPrefix`.
    static func table(_ linkPrefix: String) -> String { "components_\(linkPrefix)" }

    /// Replaces the table (nothing else of the host's ruleset is touched).
    ///
    /// - Throws: `.network` when `nft` is missing or refuses the table.
    static func install(linkPrefix: String) async throws(LocalBackendError) {
        let name = table(linkPrefix)
        try await run("""
            table inet \(name)
            delete table inet \(name)
            table inet \(name) {
              chain input {
                type filter hook input priority filter; policy accept;
                iifname "\(linkPrefix)b*" ct state established,related accept
                iifname "\(linkPrefix)b*" drop
              }
            }
            """)
    }

    /// Deletes the table, if there is one.
    static func remove(linkPrefix: String) async throws(LocalBackendError) {
        let name = table(linkPrefix)
        try await run("table inet \(name)\ndelete table inet \(name)\n")
    }

    private static func run(_ script: String) async throws(LocalBackendError) {
        guard FileManager.default.isExecutableFile(atPath: nft) else {
            throw LocalBackendError(code: .network, message: "nftables is not installed (no \(nft))")
        }
        try await IPBatch.run(script: script, executable: nft, arguments: ["-f", "-"])
    }
}
