import Foundation

/// What one sandboxed process may see besides the read-only system: its image folder, at
/// ``appInside``, and its tool's home.
public struct SandboxProfile: Sendable, Hashable {
    /// Where the image folder appears inside the sandbox; the working directory.
    public static let appInside = "/app"

    /// The tool the process runs for; nil for build commands, which belong to an image.
    public var tool: String?
    /// The tool's persistent home on the host, bound read-write at `/data/project/<tool>`
    /// and exported as `HOME` and `TOOL_DATA_DIR`; nil gives a private empty `HOME` instead.
    public var home: URL?
    /// The image folder on the host.
    public var appDirectory: URL
    /// True for build commands, which write their output into the image; runs see it
    /// read-only.
    public var appWritable: Bool
    /// The host user the program runs as; nil keeps the executor's (root without
    /// capabilities when the executor is root).
    public var identity: ToolIdentity?
    /// Where it is on the network: the host's by default.
    public var network: SandboxNetwork

    /// Creates a profile.
    public init(tool: String?, home: URL?, appDirectory: URL, appWritable: Bool, identity: ToolIdentity? = nil,
                network: SandboxNetwork = .host) {
        self.network = network
        self.tool = tool
        self.home = home
        self.appDirectory = appDirectory
        self.appWritable = appWritable
        self.identity = identity
    }

    /// The name of the sandbox (its host name, its home's last component).
    var name: String { tool ?? "build" }

    /// `HOME` inside the sandbox: Toolforge's `/data/project/<tool>` for the persistent
    /// home, `/home/<name>` for a private one.
    var homeInside: String {
        home == nil ? "/home/\(name)" : "/data/project/\(name)"
    }
}
