import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A tool's `/etc/hosts`: `localhost`, then each component's name at the address of the
/// instance serving it now. Bound read-only into every sandbox of the tool and rewritten in
/// place (the bind mount holds the inode, so a rename would never be seen inside).
enum HostsFile {
    /// The text for `entries` (component name → address), sorted by name.
    static func text(_ entries: [String: String]) -> String {
        var text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        for (name, address) in entries.sorted(by: { $0.key < $1.key }) {
            text += "\(address)\t\(name)\n"
        }
        return text
    }

    /// Writes `entries` into the file at `url` in place (created 0644 when missing).
    static func write(_ entries: [String: String], to url: URL) throws(LocalBackendError) {
        let bytes = Array(text(entries).utf8)
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LocalBackendError(code: .fileSystem, message: "cannot open the hosts file \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // One write of a few hundred bytes, then the old tail cut: a reader sees the new
        // names, at worst followed by a stale line for a moment.
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == bytes.count, ftruncate(descriptor, off_t(bytes.count)) == 0 else {
            throw LocalBackendError(code: .fileSystem, message: "cannot write the hosts file \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
