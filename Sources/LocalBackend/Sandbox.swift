import ExecutorService
import Foundation

/// How the executor confines the processes it starts for tools: with bubblewrap (`bwrap`),
/// or not at all (`none`, for machines without it; every tool can then read every other
/// tool's files and the executor's state).
///
/// The policy is the executor's; what one run may see is its ``SandboxProfile``.
public struct Sandbox: Sendable, Hashable {
    /// How processes are confined.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Each process in its own bubblewrap sandbox (mount, PID, IPC and UTS namespaces).
        case bubblewrap
        /// No confinement: processes see the executor's whole file system.
        case none
    }

    /// Where bubblewrap is looked for when no path is given.
    public static let defaultBubblewrapPath = "/usr/bin/bwrap"

    /// The `bwrap` program; nil when processes are not confined.
    public var bubblewrap: String?

    /// Confines with the `bwrap` at `path` (not checked here: ``check()`` does that).
    public static func bubblewrap(at path: String = defaultBubblewrapPath) -> Sandbox {
        Sandbox(bubblewrap: path)
    }

    /// No confinement.
    public static let none = Sandbox(bubblewrap: nil)

    /// The mode of this policy.
    public var mode: Mode { bubblewrap == nil ? .none : .bubblewrap }

    /// Checks that the sandbox works on this machine: `bwrap` exists and can make its
    /// namespaces. Call it once at start, so a missing package stops the executor instead of
    /// failing every run.
    ///
    /// - Throws: `.sandboxUnavailable` naming the package to install and the `--sandbox none`
    ///   way out.
    public func check() async throws(LocalBackendError) {
        guard let bubblewrap else { return }
        let advice = "install it (`apt-get install bubblewrap`) or start the executor with `--sandbox none`, which leaves tools unconfined"
        guard FileManager.default.isExecutableFile(atPath: bubblewrap) else {
            throw LocalBackendError(code: .sandboxUnavailable, message: "bubblewrap is not installed (no executable \(bubblewrap)); \(advice)")
        }
        let probe = wrap(ChildSpawnRequest(executable: "/bin/true", arguments: [], environment: [:]),
                         as: SandboxProfile(tool: nil, home: nil, appDirectory: URL(fileURLWithPath: "/usr"), appWritable: false))
        let status = try await LocalCommandRunner.run(probe, timeout: .seconds(10))
        guard status.isSuccess else {
            throw LocalBackendError(code: .sandboxUnavailable,
                                    message: "\(bubblewrap) cannot make a sandbox here (it ended with \(status); mount, PID, IPC and UTS namespaces must be allowed); fix that or start the executor with `--sandbox none`")
        }
    }

    /// `request` run inside the sandbox `profile` describes, or, without bubblewrap, as it is
    /// with only `HOME` and `TOOL_DATA_DIR` pointed at the tool's home.
    ///
    /// The request's environment reaches the sandboxed program only, through `--setenv`:
    /// `bwrap` itself starts with `PATH` alone, so a tool's `LD_PRELOAD` never loads into it.
    public func wrap(_ request: ChildSpawnRequest, as profile: SandboxProfile) -> ChildSpawnRequest {
        guard let bubblewrap else {
            var unconfined = request
            if let home = profile.home {
                unconfined.environment["HOME"] = home.path
                unconfined.environment["TOOL_DATA_DIR"] = home.path
            }
            return unconfined
        }
        var environment = request.environment
        environment["HOME"] = profile.homeInside
        environment["TOOL_DATA_DIR"] = profile.home == nil ? nil : profile.homeInside
        environment["TMPDIR"] = "/tmp"
        environment["PWD"] = SandboxProfile.appInside
        // The group's SIGTERM must reach the program, not end bwrap (which would be followed
        // by the SIGKILL of the whole group at once): bwrap ignores it, the program gets the
        // default back.
        var arguments = ["--ignore-signal=TERM", bubblewrap]
            + BubblewrapArguments.make(profile: profile, environment: environment)
            + ["--"] + BubblewrapArguments.program(request.executable, request.arguments, identity: profile.identity)
        var executable = "/usr/bin/env"
        if case .joined(let pid, _) = profile.network {
            // nsenter enters the namespace and execs: the sandbox is made inside it.
            arguments = ["--target", String(pid), "--net", "--", executable] + arguments
            executable = IPBatch.nsenter
        }
        var wrapped = ChildSpawnRequest(executable: executable, arguments: arguments,
                                        environment: ["PATH": "/usr/bin:/bin"], directory: nil, output: request.output)
        wrapped.input = request.input
        return wrapped
    }
}
