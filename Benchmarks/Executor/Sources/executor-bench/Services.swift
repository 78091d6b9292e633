import Foundation
import Logging
import Protocol

#if canImport(Glibc)
import Glibc
#endif

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let quietLogger = Logger(label: "executor-bench", factory: { _ in SwiftLogNoOpLogHandler() })

/// One `componentsd SERVICE` child: started with a port 0 listener, its address read from
/// the `componentsd: NAME listening on HOST:PORT` line, its standard error kept in a file.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var buffered = ""
    private(set) var address: ServiceAddress?

    /// `componentsd NAME ARGUMENTS`, or `EXECUTABLE ARGUMENTS` for a one-service executable
    /// like `componentsd-executor` (`subcommand` false).
    init(componentsd: String, name: String, subcommand: Bool = true, arguments: [String], stderrFile: URL) async throws {
        self.name = name
        process.executableURL = URL(fileURLWithPath: componentsd)
        process.arguments = (subcommand ? [name] : []) + arguments
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.buffered += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let found = lock.withLock({ Self.announced(name, in: buffered) }) {
                address = found
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        stop(signal: SIGKILL)
        let errors = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        throw BenchError("componentsd \(name) did not announce its address; stdout: \(lock.withLock { buffered }) stderr: \(errors.suffix(2000))")
    }

    var pid: Int32 { process.processIdentifier }

    private static func announced(_ name: String, in text: String) -> ServiceAddress? {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 5, words[0] == "componentsd:", words[1] == name, words[2] == "listening" {
                return ServiceAddress(String(words[4]))
            }
        }
        return nil
    }

    /// Sends `signal`, waits up to `timeout` for the exit, then SIGKILL. Answers the seconds it took.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) -> Double {
        let started = ContinuousClock.now
        if process.isRunning {
            kill(process.processIdentifier, signal)
            let deadline = started + timeout
            while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        output.fileHandleForReading.readabilityHandler = nil
        return (ContinuousClock.now - started).seconds
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// config + planner + executor, each its own `componentsd` process, over one state folder.
final class Stack: @unchecked Sendable {
    let config: ServiceProcess
    let planner: ServiceProcess
    let executor: ServiceProcess
    let configClient: RPCClient
    let executorClient: RPCClient

    init(componentsd: String, executorBinary: String? = nil, folder: URL) async throws {
        let state = folder.appendingPathComponent("state").path
        let logs = folder.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        config = try await ServiceProcess(
            componentsd: componentsd, name: "config",
            arguments: ["--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories", "--log-level", "warning"],
            stderrFile: logs.appendingPathComponent("config.log"))
        // The config service made the shared service token in the state folder.
        let tokenFile = "\(state)/service-token"
        let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        planner = try await ServiceProcess(
            componentsd: componentsd, name: "planner", arguments: ["--listen", "127.0.0.1:0", "--state-dir", state, "--log-level", "warning"],
            stderrFile: logs.appendingPathComponent("planner.log"))
        executor = try await ServiceProcess(
            componentsd: executorBinary ?? componentsd, name: "executor", subcommand: executorBinary == nil,
            arguments: ["--listen", "127.0.0.1:0", "--state-dir", state, "--allow-local-repositories", "--service-token-file", tokenFile,
                        "--config-service", "\(config.address!)", "--planner-service", "\(planner.address!)",
                        "--stop-components-on-exit", "--log-level", "warning"],
            stderrFile: logs.appendingPathComponent("executor.log"))
        configClient = RPCClient(configuration: .init(address: config.address!, serviceName: "config", serviceToken: token), logger: quietLogger)
        executorClient = RPCClient(configuration: .init(address: executor.address!, serviceName: "executor", serviceToken: token), logger: quietLogger)
    }

    /// Stops the executor first (it stops its components), then the others. Answers how long
    /// the executor took to exit.
    func stop() -> Double {
        configClient.close()
        executorClient.close()
        let seconds = executor.stop()
        planner.stop()
        config.stop()
        return seconds
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}
