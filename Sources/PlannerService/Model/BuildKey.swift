/// Identifies an image by what it was built from: two components with the same key can run
/// the same image, and a key already built needs no new build.
public struct BuildKey: Sendable, Hashable, Codable {
    /// The repository URL; empty for an image of the registry.
    public var repository: String
    /// The resolved commit; nil when unknown, which never matches an existing image.
    public var commit: String?
    /// `settingsHash(path:command:image:)` of the remaining build settings.
    public var settingsHash: String

    /// Creates a key.
    public init(repository: String, commit: String?, settingsHash: String) {
        self.repository = repository
        self.commit = commit
        self.settingsHash = settingsHash
    }

    /// The stable hash of the build settings besides repository and commit.
    ///
    /// The executor stores this in `ComponentState.buildSettingsHash`; it must compute it
    /// with this function so that an unchanged build is recognised.
    public static func settingsHash(path: String?, command: String?, image: String?) -> String {
        var hasher = StableHasher()
        hasher.combine(field: "path", path)
        hasher.combine(field: "command", command)
        hasher.combine(field: "image", image)
        return hasher.hexDigest
    }

    enum CodingKeys: String, CodingKey {
        case repository
        case commit
        case settingsHash = "settings_hash"
    }
}
