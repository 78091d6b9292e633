import Foundation

/// How much the CLI tells on standard error about its calls: `-v` each request and its
/// status, `-d` also the bodies. Upstream's `TOOLFORGE_VERBOSE=1` and `TOOLFORGE_DEBUG=1`
/// mean the same.
enum Verbosity: Int, Comparable, Sendable {
    case quiet, verbose, debug

    static func < (lhs: Verbosity, rhs: Verbosity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// From the flags and the environment.
    init(verbose: Bool, debug: Bool, environment: [String: String]) {
        if debug || environment["TOOLFORGE_DEBUG"] == "1" {
            self = .debug
        } else if verbose || environment["TOOLFORGE_VERBOSE"] == "1" {
            self = .verbose
        } else {
            self = .quiet
        }
    }

    func request(_ method: String, _ url: String, body: [UInt8]?) {
        guard self >= .verbose else { return }
        // The token never appears: it travels in a header, which is not shown.
        Self.tell("> \(method) \(url)")
        if self >= .debug, let body, !body.isEmpty { Self.tell(String(decoding: body, as: UTF8.self)) }
    }

    func response(_ status: Int, body: [UInt8]) {
        guard self >= .verbose else { return }
        Self.tell("< \(status)")
        if self >= .debug, !body.isEmpty { Self.tell(String(decoding: body, as: UTF8.self)) }
    }

    private static func tell(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
