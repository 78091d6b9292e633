import ExecutorService
import Foundation

/// Images and repository mirrors: marked used when a deployment touches them, and deleted
/// by the executor's sweep once no kept deployment or running component needs them and
/// they have not been used for a while.
extension LocalBackend {
    public nonisolated func sweepStorage(keepingImages keep: Set<String>, repositories: Set<String>, unusedFor: Duration) async -> StorageSweepResult {
        let cutoff = Date().addingTimeInterval(-Double(unusedFor.components.seconds))
        var result = StorageSweepResult()
        let imageNames = (try? FileManager.default.contentsOfDirectory(atPath: images.directory.path)) ?? []
        for id in imageNames.sorted() where !keep.contains(id) && Self.lastUsed(images.folder(of: id)) < cutoff {
            // Under the builder's lock of that image, so a build or reuse of it waits, and
            // looked at again there, as one may have just used it.
            let removed = await builder.locks.withLock(id) { () -> Bool in
                guard Self.lastUsed(images.folder(of: id)) < cutoff else { return false }
                do {
                    try images.remove(id: id)
                    return true
                } catch {
                    logger.warning("could not delete an unused image", metadata: ["image": "\(id)", "error": "\(error)"])
                    return false
                }
            }
            if removed { result.removedImages.append(id) }
        }
        let mirrors = git.stateDirectory.appendingPathComponent("mirrors", isDirectory: true)
        let kept = Set(repositories.map { git.mirrorDirectory(for: $0).lastPathComponent })
        let mirrorNames = (try? FileManager.default.contentsOfDirectory(atPath: mirrors.path)) ?? []
        for name in mirrorNames.sorted() where name.hasSuffix(".git") && !kept.contains(name) {
            let folder = mirrors.appendingPathComponent(name, isDirectory: true)
            guard Self.lastUsed(folder) < cutoff else { continue }
            let removed = await git.locks.withLock(folder.path) { () -> Bool in
                guard Self.lastUsed(folder) < cutoff else { return false }
                do {
                    try FileManager.default.removeItem(at: folder)
                    return true
                } catch {
                    logger.warning("could not delete an unused repository mirror", metadata: ["mirror": "\(name)", "error": "\(error)"])
                    return false
                }
            }
            if removed { result.removedMirrors.append(name) }
        }
        return result
    }

    public nonisolated func diskUsage(ofImages ids: Set<String>) async -> [String: Int64] {
        var sizes: [String: Int64] = [:]
        for id in ids where images.image(id: id) != nil {
            sizes[id] = DiskUsage.bytes(of: images.folder(of: id))
        }
        return sizes
    }

    /// Marks `folder` used now (its modification time), so a sweep spares it for a while.
    static func markUsed(_ folder: URL) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: folder.path)
    }

    /// When `folder` was last marked used; the distant past when it does not exist.
    static func lastUsed(_ folder: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: folder.path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
