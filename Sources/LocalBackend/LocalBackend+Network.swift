import ExecutorService
import Foundation
import ToolConfig

/// Namespace mode: the addresses a backend's runs hold on their tools' networks.
extension LocalBackend {
    /// `command` attached to its tool's network at `count` new addresses held by `holder`
    /// (a supervisor run id); unchanged, with none, on the host's network.
    func attach(_ command: SupervisedCommand, tool: String, count: Int, holder: String) async throws -> (SupervisedCommand, [String]) {
        guard let networks, command.profile != nil else { return (command, []) }
        let (network, addresses) = try await networks.allocate(tool: tool, count: count)
        addressesInUse[holder] = (tool, addresses)
        var attached = command
        attached.profile?.network = .attached(network)
        return (attached, addresses)
    }

    /// Like ``attach(_:tool:count:holder:)`` after an executor restart: a replica whose process
    /// still runs keeps the address its sandbox has (read from the kernel), the others get
    /// new ones. A run whose process has no address on its tool's network stays on the host's.
    func reattach(_ command: SupervisedCommand, tool: String, processes: [RecordedProcess], count: Int,
                  holder: String) async throws -> (SupervisedCommand, [String]) {
        guard let networks, command.profile != nil else { return (command, []) }
        let (network, fresh) = try await networks.allocate(tool: tool, count: count)
        let subnet = IPv4Subnet("\(network.address)/\(network.prefixLength)")
        var addresses = fresh
        var spare: [String] = []
        for index in 0..<min(count, processes.count) where processes[index].isRunning {
            guard let found = SandboxAddress.read(bwrapPID: processes[index].pid, in: { subnet?.hostNumber(of: $0) != nil }) else {
                // Started on the host's network (the executor ran with --network host then):
                // it stays there until it is deployed again.
                await networks.release(tool: tool, addresses: fresh)
                return (command, [])
            }
            spare.append(addresses[index])
            addresses[index] = found
        }
        await networks.release(tool: tool, addresses: spare)
        _ = try await networks.hold(tool: tool, addresses: addresses)
        addressesInUse[holder] = (tool, addresses)
        var attached = command
        attached.profile?.network = .attached(network)
        return (attached, addresses)
    }

    /// Gives back the ports and addresses `holder` held.
    func releaseResources(of holder: String) async {
        portsInUse[holder] = nil
        if let (tool, addresses) = addressesInUse.removeValue(forKey: holder) {
            await networks?.release(tool: tool, addresses: addresses)
        }
    }

    /// A `script` health check of `command`'s run: like the component, in the network
    /// namespace of its first replica (`sandboxPID`) when it has one.
    func scriptCheck(_ script: String, of command: SupervisedCommand, job: RunJob, port: Int?, sandboxPID: Int32?) -> SupervisedCommand {
        var profile = command.profile
        if let network = command.attachedNetwork {
            profile?.network = sandboxPID.map { .joined(sandboxPID: $0, hostsFile: network.hostsFile) } ?? .loopback
        }
        return SupervisedCommand(command: script, directory: job.image.path, environment: job.env.merging(["PORT": port.map(String.init) ?? ""]) { a, _ in a },
                                 log: command.log, sandbox: command.sandbox, profile: profile, limits: command.limits)
    }

    /// `http://<component>:<port>` in namespace mode (the tool's hosts file names it), else
    /// the loopback port.
    public nonisolated func componentURL(component: String, port: Int) -> String {
        networks == nil ? "http://127.0.0.1:\(port)" : "http://\(component):\(port)"
    }
}
