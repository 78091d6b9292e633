import Foundation

/// The fields the router counts from one line of Caddy's JSON access log: host, path, status
/// and duration. Read by scanning for the keys rather than decoding the whole line, since a
/// busy router writes thousands of lines a second; the encoder the router configures drops the
/// header maps, so each key occurs once. A line that does not scan cleanly (an escape in the
/// host or path, a missing key) is decoded with the JSON parser instead.
public struct AccessLogEntry: Sendable, Hashable {
    /// The Host header as sent, lower-cased and without a port.
    public var host: String
    /// The request path, without the query.
    public var path: String
    /// The HTTP status; 0 when Caddy logged none.
    public var status: Int
    /// Seconds from the request to the end of the answer.
    public var duration: Double

    public init(host: String, path: String, status: Int, duration: Double) {
        self.host = host
        self.path = path
        self.status = status
        self.duration = duration
    }

    /// The entry of one access-log line; nil when the line is not one.
    public init?(line: ArraySlice<UInt8>) {
        let scanned: AccessLogEntry? = line.withUnsafeBytes { bytes in
            guard let host = Self.string(after: Self.hostKey, in: bytes), let uri = Self.string(after: Self.uriKey, in: bytes),
                  let status = Self.number(after: Self.statusKey, in: bytes), let duration = Self.number(after: Self.durationKey, in: bytes) else { return nil }
            return AccessLogEntry(host: Self.bareHost(host), path: Self.pathOnly(uri), status: Int(status), duration: duration)
        }
        guard let entry = scanned ?? Self.decoded(Array(line)) else { return nil }
        self = entry
    }

    private static let hostKey = Array(#""host":""#.utf8)
    private static let uriKey = Array(#""uri":""#.utf8)
    private static let statusKey = Array(#""status":"#.utf8)
    private static let durationKey = Array(#""duration":"#.utf8)

    /// The string value after `key`, nil when it has escapes (then the JSON parser reads it).
    private static func string(after key: [UInt8], in bytes: UnsafeRawBufferPointer) -> String? {
        guard let start = end(of: key, in: bytes) else { return nil }
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private static func number(after key: [UInt8], in bytes: UnsafeRawBufferPointer) -> Double? {
        guard let start = end(of: key, in: bytes) else { return nil }
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}") { index += 1 }
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    /// Where `key` ends in `bytes`: `memchr` finds each candidate first byte, `memcmp` the rest.
    private static func end(of key: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, !key.isEmpty else { return nil }
        return key.withUnsafeBytes { needle -> Int? in
            guard let needle = needle.baseAddress else { return nil }
            var offset = 0
            while bytes.count - offset >= key.count {
                guard let found = memchr(base + offset, Int32(key[0]), bytes.count - offset - key.count + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(found))
                if memcmp(base + at, needle, key.count) == 0 { return at + key.count }
                offset = at + 1
            }
            return nil
        }
    }

    private static func decoded(_ bytes: [UInt8]) -> AccessLogEntry? {
        guard let line = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
              let request = line["request"] as? [String: Any], let host = request["host"] as? String, let uri = request["uri"] as? String,
              let status = line["status"] as? NSNumber, let duration = line["duration"] as? NSNumber else { return nil }
        return AccessLogEntry(host: bareHost(host), path: pathOnly(uri), status: status.intValue, duration: duration.doubleValue)
    }

    private static func bareHost(_ host: String) -> String {
        var name = Substring(host.lowercased())
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]") { name = name[..<colon] }
        if name.hasSuffix(".") { name = name.dropLast() }
        return String(name)
    }

    private static func pathOnly(_ uri: String) -> String {
        String(uri.prefix { $0 != "?" && $0 != "#" })
    }
}
