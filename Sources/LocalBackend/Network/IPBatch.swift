import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs iproute2 commands as one `ip -batch -` process: in the executor's network namespace,
/// or in a sandbox's (through `nsenter`). One process per namespace keeps a run's network
/// setup to two spawns.
enum IPBatch {
    /// `ip`'s path; iproute2 installs it in `/usr/bin` or `/bin`.
    static let ip = FileManager.default.isExecutableFile(atPath: "/usr/bin/ip") ? "/usr/bin/ip" : "/bin/ip"
    static let nsenter = "/usr/bin/nsenter"

    /// Runs `commands` (one `ip` command each, without the `ip`), in the network namespace of
    /// `pid` when given.
    ///
    /// - Throws: `.network` with what `ip` said when a command failed.
    /// With `force`, every command runs even when one before it failed.
    static func run(_ commands: [String], inNetworkOf pid: pid_t? = nil, force: Bool = false) async throws(LocalBackendError) {
        let arguments = (force ? ["-force"] : []) + ["-batch", "-"]
        if let pid {
            try await run(script: commands.joined(separator: "\n") + "\n", executable: nsenter, arguments: ["--target", String(pid), "--net", "--", ip] + arguments)
        } else {
            try await run(script: commands.joined(separator: "\n") + "\n", executable: ip, arguments: arguments)
        }
    }

    /// Runs `executable` with `arguments`, `script` on its standard input.
    static func run(script: String, executable: String, arguments: [String]) async throws(LocalBackendError) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw LocalBackendError(code: .network, message: "cannot make a pipe for \(executable): \(String(cString: strerror(errno)))")
        }
        // A script is a few hundred bytes: it fits the pipe's buffer, so it is written whole first.
        let text = Array(script.utf8)
        _ = text.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("components-net-\(UUID().uuidString)")
        defer { unlink(errors.path) }
        var request = ChildSpawnRequest(executable: executable, arguments: arguments, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"],
                                        output: .file(errors))
        request.input = descriptors[0]
        let status = try await LocalCommandRunner.run(request, timeout: .seconds(10))
        guard status.isSuccess else {
            let said = ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let what = script.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
            throw LocalBackendError(code: .network, message: "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.first ?? "") (\(what)) ended with \(status): \(said)")
        }
    }
}
