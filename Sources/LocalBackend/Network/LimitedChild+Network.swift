import ExecutorService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension LimitedChild {
    /// ``spawn(_:limits:)`` of a sandbox that gets its own network namespace: bwrap reports
    /// the sandbox's pid, the namespace is connected to `network`'s bridge, and only then is
    /// the program let start. Without `network`, a plain ``spawn(_:limits:)``.
    ///
    /// - Throws: `.network` when the namespace cannot be connected; the sandbox is killed and
    ///   its cgroup removed first.
    static func spawn(_ request: ChildSpawnRequest, limits: RunLimits?, network: RunNetwork?) async throws(LocalBackendError) -> LimitedChild {
        guard let network else { return try await spawn(request, limits: limits) }
        let handshake = try NamespaceHandshake.make()
        defer { handshake.close() }
        var request = request
        request.handshake = handshake.childEnds
        var child: LimitedChild
        do {
            child = try await spawn(request, limits: limits)
        } catch {
            handshake.closeChildEnds()
            throw error
        }
        handshake.closeChildEnds()
        do {
            let pid = try await handshake.sandboxPID(timeout: .seconds(10))
            try await network.connect(sandboxPID: pid)
            child.sandboxPID = pid
        } catch {
            ChildProcessWaiter.signalGroup(child.pid, SIGKILL)
            _ = await child.finish(await ChildProcessWaiter.waitForExit(of: child.pid, killingGroup: true))
            throw error
        }
        handshake.release()
        return child
    }
}
