import ComponentsTesting
import Foundation

/// Runs PyPI's `kubernetes-validate` (the official Kubernetes OpenAPI schemas), which
/// `scripts/install-deps` installs, and reads its per-object verdicts.
enum KubernetesValidator {
    struct Report: Sendable {
        /// `file passed for resource kind/name` lines.
        var passed: Int
        /// `ERROR ...` and `WARN ...` lines, as printed.
        var problems: [String]
        var status: Int32
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The newest Kubernetes version the installed package has schemas for.
    static func newestVersion() async throws -> String {
        let (status, output) = try await run(["python3", "-c", "import kubernetes_validate.utils as u; print(u.latest_version())"])
        guard status == 0, let version = output.split(separator: "\n").last.map(String.init), !version.isEmpty else {
            throw Missing(description: "kubernetes-validate is not installed; run scripts/install-deps (\(output))")
        }
        return version
    }

    /// Validates `files` strictly (unknown fields are errors) against `version` with the
    /// `kubernetes-validate` command.
    static func validate(_ files: [String], version: String) async throws -> Report {
        try await report(run(["kubernetes-validate", "--strict", "-k", version] + files))
    }

    /// The same command, the package's own `main` with the same arguments, except that each
    /// schema file is read once per process instead of twice per object: the package
    /// re-parses its 3 MB definitions file for every object (40 ms), which made 8,000 objects
    /// take over three minutes. ``ManifestSchemaTests`` checks it prints what the command does.
    static func validateReadingSchemasOnce(_ files: [String], version: String) async throws -> Report {
        try await report(run(["python3", "-c", schemasReadOnce, "--strict", "-k", version] + files))
    }

    private static let schemasReadOnce = """
        import functools, sys
        import kubernetes_validate.utils as u
        u.schema_contents = functools.lru_cache(maxsize=None)(u.schema_contents)
        u.all_versions = functools.lru_cache(maxsize=None)(u.all_versions)
        from kubernetes_validate.__main__ import main
        sys.exit(main())
        """

    private static func report(_ result: (Int32, String)) -> Report {
        let (status, output) = result
        let lines = output.split(separator: "\n").map(String.init)
        return Report(passed: lines.filter { $0.hasPrefix("INFO ") && $0.contains(" passed for resource ") }.count,
                      problems: lines.filter { !$0.hasPrefix("INFO ") }, status: status)
    }

    /// Runs a command found on PATH with its output and errors together.
    private static func run(_ arguments: [String]) async throws -> (Int32, String) {
        try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            do {
                try process.run()
            } catch {
                throw Missing(description: "\(arguments[0]) cannot be started: \(error); run scripts/install-deps")
            }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}
