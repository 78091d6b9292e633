/// Which API a path prefix serves: ours under `/v1`, or the Toolforge components-api's
/// shapes under `/components/v1`, where that API's clients and scripts call.
enum APIDialect: Sendable, Hashable {
    /// Ours: config metadata, `data: null` on errors, 400 for a bad config, newest first.
    case components
    /// Upstream's: the config in its spelling, no `data` on errors, 422 for a bad config,
    /// 404 to deploy without a config, build placeholders, deployments oldest first.
    case toolforge

    /// The prefix the Toolforge API gateway puts in front.
    static let toolforgePrefix = "/components"

    /// The dialect of routes registered under `prefix`.
    init(prefix: String) {
        self = prefix == Self.toolforgePrefix ? .toolforge : .components
    }

    /// The dialect of a request, from its path.
    init(path: String) {
        self = path.hasPrefix(Self.toolforgePrefix + "/") ? .toolforge : .components
    }
}
