/// Where the router puts tools: `http://<tool>.<baseDomain>:<port><path>`, or
/// `https://<tool>.<baseDomain><path>` with automatic HTTPS.
public struct ToolAddress: Sendable, Hashable {
    /// The domain under which each tool has its own name, `localhost` on a laptop.
    public var baseDomain: String
    /// The router's public port (ignored with ``https``).
    public var port: Int
    /// Whether the router serves HTTPS on 443.
    public var https: Bool

    public init(baseDomain: String, port: Int, https: Bool) {
        self.baseDomain = baseDomain
        self.port = port
        self.https = https
    }

    /// The address of `path` (`/` or a longer prefix) of `tool`.
    public func url(tool: String, path: String) -> String {
        if https { return "https://\(tool).\(baseDomain)\(path)" }
        return "http://\(tool).\(baseDomain)\(port == 80 ? "" : ":\(port)")\(path)"
    }
}
