/// An image of the image registry, as validation needs to know it.
///
/// ConfigService builds these from its registry file; aliases are accepted silently and
/// normalised to `name`, deprecated images give a warning.
public struct KnownImage: Sendable, Hashable, Codable {
    /// The primary name users should write.
    public var name: String
    /// Other names accepted for it (never listed to users).
    public var aliases: [String]
    /// True when the image still works but users should move off it.
    public var isDeprecated: Bool

    /// Creates an image entry.
    public init(name: String, aliases: [String] = [], isDeprecated: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.isDeprecated = isDeprecated
    }
}

/// Settings of one validation run.
public struct ValidationOptions: Sendable, Hashable {
    /// Accept `file://` repositories; only for loopback development (`componentsd all`) or
    /// services started with `--allow-local-repositories`.
    public var allowLocalRepositories: Bool
    /// Accept repositories on loopback, private, link-local and unique-local hosts
    /// (`--allow-private-repositories`); only IP literals and `localhost` are recognised here,
    /// the executor checks resolved names again.
    public var allowPrivateRepositories: Bool
    /// Accept unencrypted `http://` and `git://` repositories (`--allow-insecure-repositories`).
    public var allowInsecureRepositories: Bool
    /// The image registry; when nil, `build.image` names are only checked for form.
    public var knownImages: [KnownImage]?
    /// Size and shape bounds for hostile input.
    public var limits: ParseLimits
    /// The runtime the config is for; fields it ignores get a warning.
    public var runtime: RuntimeSupport
    /// The document is one a user sent, which the config service completes by fetching its
    /// `source-url` (upstream's rule: with `source_url` set, everything else is ignored).
    /// Then a document with `source-url` needs no components: the result is a config with
    /// only `sourceURL` and `configVersion`, and every other field gets a warning. Off, the
    /// field is kept as any other (a stored config, a fetched document).
    public var fetchesSourceURL: Bool

    /// Creates options; the defaults are the strict ones.
    public init(allowLocalRepositories: Bool = false, allowPrivateRepositories: Bool = false,
                allowInsecureRepositories: Bool = false, knownImages: [KnownImage]? = nil,
                limits: ParseLimits = ParseLimits(), runtime: RuntimeSupport = .localBackend, fetchesSourceURL: Bool = false) {
        self.fetchesSourceURL = fetchesSourceURL
        self.allowLocalRepositories = allowLocalRepositories
        self.allowPrivateRepositories = allowPrivateRepositories
        self.allowInsecureRepositories = allowInsecureRepositories
        self.knownImages = knownImages
        self.limits = limits
        self.runtime = runtime
    }
}

extension ValidationOptions {
    /// For reading back a config the config service already accepted under its operator's
    /// limits (the planner, the CLI's diff): local, private and insecure repositories allowed,
    /// replicas up to ``ParseLimits/replicasCeiling``. The executor enforces its own
    /// repository policy when it runs git.
    public static let acceptedConfig = ValidationOptions(
        allowLocalRepositories: true, allowPrivateRepositories: true, allowInsecureRepositories: true, limits: ParseLimits(maxReplicas: ParseLimits.replicasCeiling),
        runtime: .complete)
}
