import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file that holds the shared service token, which every service requires of every peer.
///
/// The default file lives in the state folder (0700), is created 0600 by whichever service
/// starts first, and is never visible inside a component's sandbox.
public enum ServiceTokenFile {
    /// The file name of the default token in the state folder.
    public static let defaultName = "service-token"

    /// The trimmed token in `path`.
    public static func read(_ path: String) throws(ServiceTokenFileError) -> String {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ServiceTokenFileError("cannot read the service token file \(path): \(error.localizedDescription)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ServiceTokenFileError("the service token file \(path) is empty") }
        return token
    }

    /// The token in `path`, after creating the file with a new random token if it is missing.
    /// Services starting at once agree: the file appears whole through `link`, which refuses
    /// to replace a file another service made first. An existing file that others may read
    /// is refused rather than trusted.
    public static func readOrCreate(_ path: String) throws(ServiceTokenFileError) -> String {
        var status = stat()
        if lstat(path, &status) != 0 {
            try create(path)
        } else {
            guard status.st_mode & S_IFMT == S_IFREG else {
                throw ServiceTokenFileError("the service token file \(path) is not a regular file")
            }
            guard status.st_mode & 0o077 == 0 else {
                throw ServiceTokenFileError("the service token file \(path) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 600 on it")
            }
        }
        return try read(path)
    }

    /// A new token: 32 random bytes, hex.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    private static func create(_ path: String) throws(ServiceTokenFileError) {
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: .min ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ServiceTokenFileError("cannot create the service token file \(path): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        let bytes = Array((generate() + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else {
            throw ServiceTokenFileError("cannot write the service token file \(path): \(String(cString: strerror(errno)))")
        }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw ServiceTokenFileError("cannot create the service token file \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why the service token could not be read or made.
public struct ServiceTokenFileError: Error, CustomStringConvertible {
    /// What went wrong, with the path.
    public let description: String

    init(_ description: String) { self.description = description }
}
