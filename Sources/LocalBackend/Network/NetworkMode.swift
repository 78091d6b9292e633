/// Where the processes of tools are on the network.
public enum NetworkMode: String, Sendable, Hashable, CaseIterable {
    /// Each run in its own network namespace, on a bridge of its tool: it listens on its
    /// declared port at its own address and reaches only its own tool's components, by name.
    case namespace
    /// The host's network, shared by every tool: loopback ports picked per version.
    case host
}
