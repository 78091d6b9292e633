import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Protocol

/// A real `componentsd` child process for multi-process tests: started with port 0
/// listeners, its bound addresses read from its standard output, always stopped.
public final class ComponentsdProcess: @unchecked Sendable {
    /// The addresses announced, by service name (`config`, `planner`, `executor`, `gateway`).
    public private(set) var addresses: [String: ServiceAddress] = [:]
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var buffered = ""

    /// The folder holding the built executables (next to the test bundle).
    public static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts `componentsd ARGUMENTS` (or `executable`, like `componentsd-executor`) and waits
    /// until `services` announced their addresses.
    public init(arguments: [String], waitingFor services: Set<String>, executable: String = "componentsd",
                timeout: Duration = .seconds(30)) async throws {
        process.executableURL = Self.productsDirectory.appendingPathComponent(executable)
        process.arguments = arguments + Self.networkDefault(arguments, executable: executable)
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.buffered += String(decoding: data, as: UTF8.self) }
        }
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let announced = lock.withLock { Self.parse(buffered) }
            if Set(announced.keys).isSuperset(of: services) {
                addresses = announced
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        // SIGTERM first, so what it started (Caddy, components) stops with it.
        await stop(signal: SIGTERM, timeout: .seconds(10))
        throw ProcessError(message: "componentsd did not announce \(services.sorted()) within \(timeout); output: \(lock.withLock { buffered })")
    }

    /// `--network host` for an executor unless the test chose: stacks running side by side
    /// would otherwise make tools' bridges from the same default range and names.
    static func networkDefault(_ arguments: [String], executable: String) -> [String] {
        let runsExecutor = executable == "componentsd-executor" || ["all", "executor"].contains(arguments.first ?? "")
        return runsExecutor && !arguments.contains("--network") ? ["--network", "host"] : []
    }

    private static func parse(_ text: String) -> [String: ServiceAddress] {
        var result: [String: ServiceAddress] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("componentsd: ") {
            let words = line.split(separator: " ")
            if words.count == 5, words[2] == "listening", let address = ServiceAddress(String(words[4])) {
                result[String(words[1])] = address
            }
        }
        return result
    }

    /// Sends `signal` and waits (without blocking a thread) for the process to exit; answers
    /// its exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async -> Int32 {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, signal)
            let deadline = ContinuousClock.now.advanced(by: timeout)
            while process.isRunning && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning {
                Glibc.kill(process.processIdentifier, SIGKILL)
                while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    /// Kills the process at once without waiting, for `defer` blocks.
    public func kill() {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
        }
    }

    /// Whether the process still runs.
    public var isRunning: Bool { process.isRunning }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// The files this process has mapped (from /proc/PID/maps), like the shared libraries.
    public var mappedFiles: Set<String> {
        // procfs files have no size, so they are read to the end by hand.
        var bytes: [UInt8] = []
        let fd = open("/proc/\(process.processIdentifier)/maps", O_RDONLY)
        if fd >= 0 {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                bytes.append(contentsOf: chunk[..<n])
            }
            close(fd)
        }
        let maps = String(decoding: bytes, as: UTF8.self)
        return Set(maps.split(separator: "\n").compactMap { line in
            line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).dropFirst(5).first
                .map { String($0.trimmingCharacters(in: .whitespaces)) }
        })
    }

    deinit {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
        }
    }
}

/// A child process did not behave.
public struct ProcessError: Error, CustomStringConvertible {
    /// What happened.
    public var message: String
    /// Creates an error.
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension ComponentsdProcess {
    /// Runs `componentsd ARGUMENTS` (or another executable) to completion and answers its
    /// standard output; throws with its output when it fails.
    public static func runOnce(_ arguments: [String], executable: URL? = nil, extra: [String] = []) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        let process = Process()
        process.executableURL = executable ?? productsDirectory.appendingPathComponent("componentsd")
        process.arguments = arguments + extra
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        try handle.close()
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw ProcessError(message: "\(process.executableURL?.lastPathComponent ?? "") \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
