/// The one place a spawn request is made to enter its limits before the program runs.
///
/// `posix_spawn` has no hook between fork and exec, and Swift cannot safely run code in a
/// forked child of a threaded process, so the request becomes a small `/bin/sh` prelude that
/// writes its own pid into each `cgroup.procs` file, sets its rlimits, then `exec`s the
/// original program: same pid, same process group, and every later process of the run
/// inherits the cgroup and the rlimits. A prelude that cannot join exits 125 and says why on
/// standard error (the run log). The prelude is outermost, so a sandbox wrapper (bubblewrap)
/// goes inside it, around the user's command.
extension ChildSpawnRequest {
    /// Exit status of a prelude that could not join its cgroup or set its rlimits.
    static let preludeFailureStatus: Int32 = 125

    /// The script; its arguments are the open-files and core limits, the `cgroup.procs`
    /// files, `--`, then the program and its arguments.
    static let preludeScript = """
        n=$1 c=$2; shift 2
        while [ "$1" != -- ]; do
          echo $$ > "$1" || { echo "components: could not join the cgroup $1" >&2; exit 125; }
          shift
        done
        shift
        ulimit -n "$n" && ulimit -c "$c" || { echo "components: could not set the rlimits (open files $n, core $c)" >&2; exit 125; }
        exec "$@"
        """

    /// This request run inside `cgroup` (when there is one) under the rlimits of `limits`.
    func joining(_ cgroup: RunCgroup?, limits: ResourceLimits) -> ChildSpawnRequest {
        var wrapped = self
        wrapped.executable = "/bin/sh"
        wrapped.arguments = ["-c", Self.preludeScript, "components-limits",
                             String(limits.grantableOpenFiles), String(limits.coreFileBytes / 512)]
            + (cgroup?.procsFiles ?? []) + ["--", executable] + arguments
        return wrapped
    }
}
