import Foundation
import LocalBackend

/// The start latency of a process the executor confines, against the same process bare: each
/// sample starts `/bin/true` and waits for it to exit, bare and then inside the bubblewrap
/// sandbox the executor builds for a run (`Sandbox.wrap` with a tool's home and a read-only
/// image), in turn, so drift of the machine falls on both alike. What it leaves out: the run's
/// cgroup, which the executor makes before the spawn.
enum SandboxStart {
    struct Figures {
        var bare: [Double]
        var sandboxed: [Double]
    }

    static func measure(samples: Int, in folder: URL) throws -> Figures {
        let app = folder.appendingPathComponent("image/app"), home = folder.appendingPathComponent("homes/bench")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let bare = ChildSpawnRequest(executable: "/bin/true", arguments: [], environment: ["PATH": "/usr/bin:/bin"])
        let sandboxed = Sandbox.bubblewrap().wrap(bare, as: SandboxProfile(tool: "bench", home: home, appDirectory: app, appWritable: false))
        var figures = Figures(bare: [], sandboxed: [])
        // A few of each first, so both start from a warm page cache.
        for _ in 0..<5 { _ = try time(bare); _ = try time(sandboxed) }
        for _ in 0..<samples {
            figures.bare.append(try time(bare))
            figures.sandboxed.append(try time(sandboxed))
        }
        return figures
    }

    /// Milliseconds from the spawn until the process exited (0 is required).
    private static func time(_ request: ChildSpawnRequest) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: request.executable)
        process.arguments = request.arguments
        process.environment = request.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else {
            throw BenchError("\(request.executable) \(request.arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }
}
