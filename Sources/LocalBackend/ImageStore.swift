import ExecutorService
import Foundation

/// What an image is built from; equal keys give the same image.
public struct LocalImageKey: Sendable, Hashable, Codable {
    /// The repository URL.
    public var repository: String
    /// The full commit id.
    public var commit: String
    /// The normalised subfolder of the repository, nil for its root.
    public var path: String?
    /// `build.command`, run in the snapshot; nil for none.
    public var buildCommand: String?
    /// The tool the image belongs to; nil for an image any caller may share.
    public var tool: String?

    /// Creates a key; `path` should be normalised (``GitClient`` and ``ImageBuilder`` do).
    public init(repository: String, commit: String, path: String?, buildCommand: String?, tool: String? = nil) {
        self.repository = repository
        self.commit = commit
        self.path = path
        self.buildCommand = buildCommand
        self.tool = tool
    }

    /// The content address: SHA-256 of the length-prefixed fields, 32 hex digits. The tool
    /// counts only when set, so images without one keep their address.
    public var id: String {
        var fields = [("repository", repository), ("commit", commit), ("path", path), ("command", buildCommand)]
        if let tool { fields.append(("tool", tool)) }
        var text = ""
        for (name, value) in fields {
            text += "\(name)\(value.map { "=\($0.utf8.count):\($0)" } ?? "-")\n"
        }
        return String(LocalSHA256.hex(text).prefix(32))
    }
}

/// A finished, immutable image.
public struct LocalImage: Sendable, Hashable, Codable {
    /// The content address (``LocalImageKey/id``).
    public var id: String
    /// What it was built from.
    public var key: LocalImageKey
    /// When its build finished.
    public var createdAt: Date
    /// `STATE/images/<id>`: holds `app/` and the `image.json` marker.
    public var directory: URL
    /// `STATE/images/<id>/app`: the snapshot plus build output, where runs start.
    public var appDirectory: URL { directory.appendingPathComponent("app", isDirectory: true) }
}

/// The images of the local backend: `STATE/images/<id>/`, each complete only once its
/// `image.json` marker exists (written last, atomically). A folder without the marker is a
/// build that crashed or failed, which the next build of that key removes and redoes.
public struct ImageStore: Sendable {
    /// `STATE/images`.
    public var directory: URL

    /// A store in `directory`, created when missing at the first build.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The folder of image `id`, whether complete or not.
    public func folder(of id: String) -> URL {
        directory.appendingPathComponent(id, isDirectory: true)
    }

    func markerURL(of id: String) -> URL {
        folder(of: id).appendingPathComponent("image.json")
    }

    /// The complete image `id`, or nil.
    public func image(id: String) -> LocalImage? {
        guard id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }), !id.isEmpty,
              let data = FileManager.default.contents(atPath: markerURL(of: id).path),
              let marker = try? Self.decoder.decode(Marker.self, from: data) else { return nil }
        return LocalImage(id: id, key: marker.key, createdAt: marker.createdAt, directory: folder(of: id))
    }

    /// The complete image of `key`, or nil.
    public func image(for key: LocalImageKey) -> LocalImage? {
        image(id: key.id)
    }

    /// Every complete image, oldest first.
    public func allImages() -> [LocalImage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { image(id: $0) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// Deletes image `id`. Processes still running in it lose their files: stop them first.
    public func remove(id: String) throws {
        let folder = folder(of: id)
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        // The marker goes first, so a crash mid-removal leaves an incomplete image, not a broken one.
        try? FileManager.default.removeItem(at: markerURL(of: id))
        try FileManager.default.removeItem(at: folder)
    }

    /// Sets image `id` aside (renamed to `<id>.retired-<time>`, which no lookup finds) so a
    /// forced build can make it anew while processes keep running in the old files.
    /// Answers where it went.
    func retire(id: String) throws(LocalBackendError) -> URL {
        let aside = directory.appendingPathComponent("\(id).retired-\(Int(Date().timeIntervalSince1970 * 1000))", isDirectory: true)
        guard rename(folder(of: id).path, aside.path) == 0 else {
            throw LocalBackendError(code: .fileSystem, message: "cannot set image \(id) aside for a forced build: \(String(cString: strerror(errno)))")
        }
        return aside
    }

    /// Puts a folder ``retire(id:)`` set aside back as image `id`.
    func restore(_ retired: URL, as id: String) throws(LocalBackendError) {
        guard rename(retired.path, folder(of: id).path) == 0 else {
            throw LocalBackendError(code: .fileSystem, message: "cannot put image \(id) back from \(retired.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Marks `key`'s folder complete.
    func writeMarker(for key: LocalImageKey, createdAt: Date) throws {
        let data = try Self.encoder.encode(Marker(key: key, createdAt: createdAt))
        let marker = markerURL(of: key.id)
        let partial = marker.deletingLastPathComponent().appendingPathComponent(".image.json.partial")
        try data.write(to: partial)
        guard rename(partial.path, marker.path) == 0 else {
            throw LocalBackendError(code: .fileSystem, message: "cannot write \(marker.path): \(String(cString: strerror(errno)))")
        }
    }

    private struct Marker: Codable {
        var key: LocalImageKey
        var createdAt: Date
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
