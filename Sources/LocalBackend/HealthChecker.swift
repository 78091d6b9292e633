import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to tell whether a continuous component is healthy.
public enum HealthProbe: Sendable, Hashable {
    /// A TCP connection to `host:port` is accepted (a run's address on its tool's network, or
    /// loopback on the host's).
    case tcp(host: String = "127.0.0.1", port: Int)
    /// `GET http://host:port/path` answers 2xx or 3xx (redirects are not followed).
    case http(host: String = "127.0.0.1", port: Int, path: String)
    /// `/bin/sh -c command` exits 0, run in the image folder with the component's environment.
    case script(SupervisedCommand)
}

/// What a health check found.
public struct HealthResult: Sendable, Hashable {
    /// True when the last attempt succeeded.
    public var healthy: Bool
    /// Why the last attempt failed ("connection refused", "HTTP 500"), nil when healthy.
    public var lastFailure: String?
    /// How many attempts were made.
    public var attempts: Int
    /// How long the checking took.
    public var elapsed: Duration

    /// One line for `long_status`: "healthy after 3 attempts" or the failure.
    public var summary: String {
        healthy ? "healthy after \(attempts) attempt\(attempts == 1 ? "" : "s")"
            : "not healthy after \(elapsed.localDescription) (\(attempts) attempts): \(lastFailure ?? "no answer")"
    }
}

/// Runs health checks against local processes.
public enum HealthChecker {
    /// One attempt: nil when healthy, else why not.
    public static func check(_ probe: HealthProbe, attemptTimeout: Duration = .seconds(2)) async -> String? {
        switch probe {
        case .tcp(let host, let port):
            return await tcpConnect(host: host, port: port, timeout: attemptTimeout)
        case .http(let host, let port, let path):
            let normalized = path.hasPrefix("/") ? path : "/" + path
            return await HTTPHealthProbe.check(url: "http://\(host):\(port)\(normalized)", timeout: attemptTimeout)
        case .script(let command):
            return await script(command, timeout: attemptTimeout)
        }
    }

    /// Checks every `interval` (default 100 ms) until the probe succeeds, `timeout` passes,
    /// or `stillRunning` answers false (the process died: waiting longer is pointless).
    public static func waitUntilHealthy(_ probe: HealthProbe, timeout: Duration, interval: Duration = .milliseconds(10),
                                        attemptTimeout: Duration = .seconds(2),
                                        stillRunning: @Sendable () async -> Bool = { true }) async -> HealthResult {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + timeout
        var attempts = 0
        var lastFailure: String?
        while true {
            attempts += 1
            let remaining = deadline - clock.now
            lastFailure = await check(probe, attemptTimeout: max(min(attemptTimeout, remaining), .milliseconds(50)))
            if lastFailure == nil {
                return HealthResult(healthy: true, lastFailure: nil, attempts: attempts, elapsed: clock.now - started)
            }
            if !(await stillRunning()) {
                lastFailure = "the process exited (\(lastFailure ?? ""))"
                break
            }
            // Often at first (a service is usually up within a moment, and every dependent
            // waits on this), then every 100 ms at least.
            let pause = clock.now - started < .seconds(5) ? interval : max(interval, .milliseconds(100))
            if clock.now + pause >= deadline || Task.isCancelled { break }
            try? await Task.sleep(for: pause)
        }
        return HealthResult(healthy: false, lastFailure: lastFailure, attempts: attempts, elapsed: clock.now - started)
    }

    /// Connects to `host:port` (an IPv4 address) without blocking longer than `timeout`.
    static func tcpConnect(host: String = "127.0.0.1", port: Int, timeout: Duration) async -> String? {
        guard (1...65_535).contains(port) else { return "port \(port) is not a valid TCP port" }
        guard let address = IPv4Subnet.parse(host) else { return "\(host) is not an IPv4 address" }
        return await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let thread = Thread { continuation.resume(returning: blockingConnect(host: host, address: address, port: port, timeout: timeout)) }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    private static func blockingConnect(host: String, address ipv4: UInt32, port: Int, timeout: Duration) -> String? {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return "cannot create a socket: \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(ipv4.bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result == 0 { return nil }
        guard errno == EINPROGRESS else { return "TCP connect to \(host):\(port) failed: \(String(cString: strerror(errno)))" }
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, max(milliseconds, 1)) == 1 else { return "TCP connect to \(host):\(port) timed out" }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0 ? nil : "TCP connect to \(host):\(port) failed: \(String(cString: strerror(error)))"
    }

    private static func script(_ command: SupervisedCommand, timeout: Duration) async -> String? {
        do {
            let ending = try await LocalCommandRunner.run(command.spawnRequest(), limits: command.limits, timeout: timeout)
            let status = ending.status
            guard status.isSuccess else {
                let last = command.log.tail(lines: 1).first.map { ": \($0)" } ?? ""
                return "health-check script `\(command.command)` failed with \(ending)\(last)"
            }
            return nil
        } catch {
            return "health-check script `\(command.command)`: \(error)"
        }
    }
}
