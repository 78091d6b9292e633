import Crypto
import ExecutorService

/// SHA-256 for content addresses of images and mirror folder names: these must be
/// collision-resistant and identical on every machine and version, which `Hasher` is not.
enum LocalSHA256 {
    /// The digest of `bytes` as 64 lowercase hex digits.
    static func hex(_ bytes: some Collection<UInt8>) -> String {
        digest(bytes).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// The digest of a string's UTF-8 bytes as hex.
    static func hex(_ string: String) -> String { hex(Array(string.utf8)) }

    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Array(SHA256.hash(data: Array(bytes)))
    }
}
