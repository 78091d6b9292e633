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
    static func run(_ commands: [String], inNetworkOf pid: pid_t? = nil) async throws(LocalBackendError) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw LocalBackendError(code: .network, message: "cannot make a pipe for ip: \(String(cString: strerror(errno)))")
        }
        // A batch is a few hundred bytes: it fits the pipe's buffer, so it is written whole first.
        let text = Array((commands.joined(separator: "\n") + "\n").utf8)
        _ = text.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("components-ip-\(UUID().uuidString)")
        defer { unlink(errors.path) }
        let arguments = ["-batch", "-"]
        var request = if let pid {
            ChildSpawnRequest(executable: nsenter, arguments: ["--target", String(pid), "--net", "--", ip] + arguments,
                              environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], output: .file(errors))
        } else {
            ChildSpawnRequest(executable: ip, arguments: arguments, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], output: .file(errors))
        }
        request.input = descriptors[0]
        let status = try await LocalCommandRunner.run(request, timeout: .seconds(10))
        guard status.isSuccess else {
            let said = ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            throw LocalBackendError(code: .network, message: "ip -batch (\(commands.joined(separator: "; "))) ended with \(status): \(said)")
        }
    }
}
