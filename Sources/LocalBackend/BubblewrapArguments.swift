import Foundation

/// The `bwrap` options of a ``SandboxProfile``: a root of nothing but the read-only system
/// folders, fresh `/proc`, `/dev` and `/tmp`, the image at `/app` and the tool's home; its own
/// PID, IPC and UTS namespaces and no capabilities; the network its ``SandboxNetwork`` says.
///
/// Not `--die-with-parent`: continuous runs outlive an executor restart and are re-adopted.
/// Not `--new-session`: the program stays in the process group the spawner made, so a stop's
/// SIGTERM to the group reaches it, and the SIGKILL that follows reaches the sandbox's PID 1,
/// whose end kills everything in the namespace, `setsid` escapes included.
enum BubblewrapArguments {
    /// System folders bound read-only when they are folders (or recreated when symlinks, as
    /// `/bin` → `usr/bin` on merged-/usr systems). Nothing else of the host is visible: not
    /// `/root`, `/home`, `/run`, `/var`, `/srv`, the host's `/tmp` or the executor's state.
    static let systemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]

    /// The options, up to (not including) the `--` before the program.
    static func make(profile: SandboxProfile, environment: [String: String]) -> [String] {
        var arguments: [String] = []
        for folder in systemFolders {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder) {
                arguments += ["--symlink", target, folder]
            } else if FileManager.default.fileExists(atPath: folder) {
                arguments += ["--ro-bind", folder, folder]
            }
        }
        // Folders bwrap makes would otherwise follow the executor's umask (often 077).
        arguments += ["--proc", "/proc", "--dev", "/dev", "--perms", "01777", "--tmpfs", "/tmp"]
        arguments += [profile.appWritable ? "--bind" : "--ro-bind", profile.appDirectory.path, SandboxProfile.appInside]
        let homeParent = (profile.homeInside as NSString).deletingLastPathComponent
        for folder in homeParent == "/data/project" ? ["/data", "/data/project"] : [homeParent] {
            arguments += ["--perms", "0755", "--dir", folder]
        }
        if let home = profile.home {
            arguments += ["--bind", home.path, profile.homeInside]
        } else {
            arguments += ["--perms", "01777", "--tmpfs", profile.homeInside]
        }
        arguments += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", profile.name, "--cap-drop", "ALL"]
        arguments += network(profile.network)
        if profile.identity != nil {
            // Only for the setpriv that drops to the tool's user; it keeps none of them.
            arguments += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
        }
        arguments.append("--clearenv")
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            arguments += ["--setenv", name, value]
        }
        return arguments
    }

    /// The network options: a namespace of its own (bwrap brings its loopback up), the tool's
    /// hosts file over `/etc/hosts`, and for an attached run the handshake descriptors
    /// (``NamespaceHandshake``).
    static func network(_ network: SandboxNetwork) -> [String] {
        switch network {
        case .host: []
        case .loopback: ["--unshare-net"]
        case .attached(let run): ["--unshare-net", "--ro-bind", run.hostsFile.path, "/etc/hosts", "--info-fd", "3", "--block-fd", "4"]
        case .joined(_, let hostsFile): ["--ro-bind", hostsFile.path, "/etc/hosts"]
        }
    }

    /// What runs after the `--`: the program in `/app` with SIGTERM back to its default, as
    /// the tool's user when the profile has one (with no capabilities, no supplementary groups
    /// and no way to gain privileges through setuid programs). The folder is entered after
    /// the switch: bwrap, root without capabilities, may not enter a 0700 image of the tool's.
    static func program(_ executable: String, _ arguments: [String], identity: ToolIdentity?) -> [String] {
        var program: [String] = []
        if let identity {
            program += ["/usr/bin/setpriv", "--reuid=\(identity.uid)", "--regid=\(identity.gid)", "--clear-groups",
                        "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]
        }
        return program + ["/usr/bin/env", "--chdir=\(SandboxProfile.appInside)", "--default-signal=TERM", executable] + arguments
    }
}
