import Foundation

/// Removing a test's folder while a database in it is still being closed on another thread
/// can race (SQLite deletes its -wal file as `removeItem` lists the folder), leaving the
/// folder behind; this retries until it is gone.
public enum TemporaryFolder {
    public static func remove(_ folder: URL, attempts: Int = 20) async {
        for _ in 0 ..< attempts {
            try? FileManager.default.removeItem(at: folder)
            if !FileManager.default.fileExists(atPath: folder.path) { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
