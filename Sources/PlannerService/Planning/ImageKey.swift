/// An image identity in interned ids: equal keys mean the same image.
struct ImageKey: Hashable {
    /// No value (no commit, no ref).
    static let none: Int32 = -1
    /// A string that was never interned, so it matches nothing desired.
    static let unknown: Int32 = -2
    static let unknownKey = ImageKey(repository: unknown, unresolvedRef: unknown, commit: unknown, settings: unknown)

    var repository: Int32
    /// The ref, only for an unresolved commit (`none` otherwise), so that unresolved refs of
    /// one repository are separate builds.
    var unresolvedRef: Int32
    var commit: Int32
    var settings: Int32

    var packed: (UInt64, UInt64) { (pack(repository, commit), pack(settings, unresolvedRef)) }
}

/// The interned strings behind `ImageKey`s: repositories, refs and commits by id, and each
/// distinct (path, command, image) with its `BuildKey.settingsHash`.
struct ImageKeyTables {
    var repositories = StringTable()
    var refs = StringTable()
    var commits = StringTable()
    /// Paths, commands and image names.
    var settingStrings = StringTable()
    /// (path, command, image) ids → settings id.
    var settings = PackedKeyTable()
    /// `BuildKey.settingsHash` by settings id, and back.
    var settingsHashes: [String] = []
    var settingsByHash: [String: Int32] = [:]

    /// Tables sized for the repositories and commits of `resolvedCommits` refs, so that
    /// filling them does not rehash every string at each doubling.
    init(resolvedCommits: Int) {
        repositories = StringTable(capacity: resolvedCommits + 1)
        commits = StringTable(capacity: resolvedCommits)
    }

    /// The id of a ref; nil (the default branch) is `defaultBranch`. Without `adding`, a ref
    /// never seen in resolved commits is `unknown`.
    mutating func refID(_ ref: String?, adding: Bool) -> Int32 {
        guard let ref else { return Self.defaultBranch }
        if adding { return Int32(refs.intern(ref).id) }
        return refs.id(of: ref).map { Int32($0) } ?? ImageKey.unknown
    }

    static let defaultBranch = Int32.max

    mutating func settingsID(path: String?, command: String?, image: String?) -> Int32 {
        func id(_ value: String?) -> Int32 { value.map { Int32(settingStrings.intern($0).id) } ?? ImageKey.none }
        let (known, inserted) = settings.intern(pack(id(path), id(command)), UInt64(UInt32(bitPattern: id(image))))
        if !inserted { return Int32(known) }
        let new = Int32(known)
        let hash = BuildKey.settingsHash(path: path, command: command, image: image)
        settingsHashes.append(hash)
        settingsByHash[hash] = new
        return new
    }

    func key(of record: ComponentState) -> ImageKey {
        key(repository: record.repository ?? "", commit: record.commit, settingsHash: record.buildSettingsHash)
    }

    func key(repository: String, commit: String?, settingsHash: String?) -> ImageKey {
        ImageKey(repository: repositories.id(of: repository).map { Int32($0) } ?? ImageKey.unknown,
                 unresolvedRef: ImageKey.none,
                 commit: commit.map { commits.id(of: $0).map { Int32($0) } ?? ImageKey.unknown } ?? ImageKey.none,
                 settings: settingsHash.flatMap { settingsByHash[$0] } ?? ImageKey.unknown)
    }
}
