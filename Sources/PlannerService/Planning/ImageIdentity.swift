/// What an image is made from. Components whose images have the same identity run the same
/// image, and an identity that was built already needs no new build.
struct ImageIdentity: Hashable {
    /// Which revision of the repository.
    enum Revision: Hashable {
        /// The commit a ref resolved to.
        case commit(String)
        /// A ref whose commit is not known: built anew, never matching an existing image.
        case unresolved(ref: String?)
        /// A registry image: no repository revision.
        case none
    }

    /// The repository URL; empty for a registry image.
    var repository: String
    var revision: Revision
    /// `BuildKey.settingsHash(path:command:image:)`.
    var settingsHash: String

    /// The identity of the image a component builds itself; nil when it reuses another's.
    /// `settingsHashes` remembers the hash of each distinct set of build settings.
    init?(source: BuildSource, commits: [RepositoryRef: String], settingsHashes: inout [BuildSettings: String]) {
        let settings: BuildSettings
        switch source {
        case let .repository(url, ref, path, command):
            repository = url
            revision = commits[RepositoryRef(url: url, ref: ref)].map(Revision.commit) ?? .unresolved(ref: ref)
            settings = BuildSettings(path: path, command: command, image: nil)
        case let .image(name):
            repository = ""
            revision = .none
            settings = BuildSettings(path: nil, command: nil, image: name)
        case .reuseFrom:
            return nil
        }
        if let known = settingsHashes[settings] {
            settingsHash = known
        } else {
            settingsHash = BuildKey.settingsHash(path: settings.path, command: settings.command, image: settings.image)
            settingsHashes[settings] = settingsHash
        }
    }

    /// The identity of an image known to exist.
    init(_ key: BuildKey) {
        repository = key.repository
        revision = key.commit.map(Revision.commit) ?? .none
        settingsHash = key.settingsHash
    }

    /// The identity of the image a state record says the component runs. A record without a
    /// settings hash matches no desired image.
    init(_ record: ComponentState) {
        self.init(record.buildKey)
    }
}

/// A repository ref as the config writes it; nil is the default branch.
struct RepositoryRef: Hashable {
    var url: String
    var ref: String?
}

/// The build settings besides repository and commit.
struct BuildSettings: Hashable {
    var path: String?
    var command: String?
    var image: String?
}
