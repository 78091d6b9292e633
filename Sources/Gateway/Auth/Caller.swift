import Protocol

/// Who sent a request, as the config service told from its token.
public struct Caller: Sendable, Hashable {
    /// What a token may do.
    public enum Kind: Sendable, Hashable {
        /// A tool token: everything of its tool.
        case tool
        /// A deploy token: create and read its tool's deployments only.
        case deploy
    }

    /// The tool the token belongs to.
    public var tool: String
    /// The kind of token.
    public var kind: Kind

    init(tool: String, kind: Kind) {
        self.tool = tool
        self.kind = kind
    }

    init?(_ wire: Wire.AuthenticateTokenResponse) {
        switch wire.kind {
        case .tool: kind = .tool
        case .deploy: kind = .deploy
        case .unspecified: return nil
        }
        tool = wire.tool
    }
}
