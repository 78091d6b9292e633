import Foundation

/// Runs the built `components` CLI as a user would, without blocking a thread while it runs.
public enum CLIRunner {
    /// What a CLI run printed and how it exited.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `components ARGUMENTS` with `environment` added to a minimal one, and `stdin` as
    /// its standard input (empty when nil: never the test's terminal, so a command that asks
    /// for confirmation sees no terminal).
    public static func run(_ arguments: [String], environment: [String: String], stdin: String? = nil,
                           timeout: Duration = .seconds(120)) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = ComponentsdProcess.productsDirectory.appendingPathComponent("components")
        process.arguments = arguments
        // HOME points at an empty folder so a developer's own CLI config never leaks in.
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path].merging(environment) { _, new in new }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        let input = folder.appendingPathComponent("in")
        FileManager.default.createFile(atPath: input.path, contents: Data((stdin ?? "").utf8))
        let inHandle = try FileHandle(forReadingFrom: input)
        defer { try? inHandle.close() }
        process.standardInput = inHandle
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate() }
            try await Task.sleep(for: .milliseconds(20))
        }
        try outHandle.close()
        try errHandle.close()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
