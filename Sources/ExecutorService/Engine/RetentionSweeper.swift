import Foundation
import Logging
import Protocol
import ServiceLifecycle
import ToolConfig

/// Deletes what nothing needs any more, every `interval` while the executor runs:
/// - finished deployments beyond the newest `keepDeployments` of each tool, with their logs,
///   except the newest `rollbackTargets` successful ones (so their images stay too)
///   (a deployment whose components still run keeps its log folder, where they write);
/// - log folders of deployments that are no longer stored;
/// - images and repository mirrors that no kept deployment and no running component uses and
///   that nothing used for `keepUnusedFor`.
///
/// Each sweep also measures the disk each tool uses for `/metrics`: the log folders it keeps
/// (kept deployments' and those its running components write to) and the images it uses.
public struct RetentionSweeper: Service {
    let store: ExecutorStore
    let backend: any DeploymentBackend
    let configuration: ExecutorConfiguration
    let logger: Logger
    let metrics: ServiceMetrics?

    /// What one sweep did and measured.
    public struct Report: Sendable, Hashable {
        /// Log folders deleted, by deployment id.
        public var removedLogFolders: [String] = []
        /// What the backend deleted.
        public var storage = StorageSweepResult()
        /// Bytes on disk per tool.
        public var diskBytes: [String: ToolDisk] = [:]
    }

    /// The disk one tool uses: the log folders it keeps, and the images it uses (an image
    /// two tools use counts for each).
    public struct ToolDisk: Sendable, Hashable {
        public var logs: Int64
        public var images: Int64
    }

    /// Sweeps now, then every ``ExecutorConfiguration/sweepInterval``, until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await sweep()
                } catch {
                    logger.error("a retention sweep failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: configuration.sweepInterval)
            }
        }
    }

    /// One sweep.
    public func sweep() async throws -> Report {
        var report = Report()
        // Listed before the records are read: a deployment's record is stored before its log
        // folder is made, so a folder seen here whose record is missing below was pruned.
        let logs = configuration.stateDirectory.appendingPathComponent("logs", isDirectory: true)
        let logFolders = ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).sorted()
        let tools = try await store.tools()
        for tool in tools {
            try await store.prune(tool: tool, keep: configuration.keepDeployments, keepSuccessful: configuration.rollbackTargets)
        }
        let kept = try await store.allDeployments()
        var live: [ComponentStateRecord] = []
        for tool in try await store.toolsWithComponents() {
            live += try await store.componentStates(tool: tool)
        }

        let needed = Set(kept.map(\.deployment.deployId)).union(live.map(\.deployId))
        for name in logFolders where !needed.contains(name) {
            do {
                try FileManager.default.removeItem(at: logs.appendingPathComponent(name, isDirectory: true))
                report.removedLogFolders.append(name)
            } catch {
                logger.warning("could not delete the logs of a pruned deployment", metadata: ["deploy_id": "\(name)", "error": "\(error)"])
            }
        }

        var imagesByTool: [String: Set<String>] = [:]
        var repositories = Set<String>()
        for snapshot in kept {
            let tool = snapshot.deployment.tool
            imagesByTool[tool, default: []].formUnion(snapshot.builds.map(\.image).filter { !$0.isEmpty })
            if let config = ToolConfigParser.parse(snapshot.deployment.configJSON, options: .acceptedConfig).config {
                repositories.formUnion(config.components.values.compactMap(\.build.repository))
            }
        }
        for state in live {
            imagesByTool[state.tool, default: []].insert(state.imageID)
        }
        let allImages = imagesByTool.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        report.storage = await backend.sweepStorage(keepingImages: allImages, repositories: repositories, unusedFor: configuration.keepUnusedFor)

        let sizes = await backend.diskUsage(ofImages: allImages)
        for tool in Set(tools).union(imagesByTool.keys) {
            let folders = Set(kept.filter { $0.deployment.tool == tool }.map(\.deployment.deployId))
                .union(live.filter { $0.tool == tool }.map(\.deployId))
            let logBytes = folders.reduce(Int64(0)) { $0 + DiskUsage.bytes(of: logs.appendingPathComponent($1, isDirectory: true)) }
            let imageBytes = imagesByTool[tool, default: []].reduce(Int64(0)) { $0 + (sizes[$1] ?? 0) }
            report.diskBytes[tool] = ToolDisk(logs: logBytes, images: imageBytes)
            metrics?.set("tool_disk", unit: "bytes", value: Double(logBytes), help: "Disk used per tool, by kind: its deployments' logs, and the images it uses (shared images count for each tool).",
                         labels: [("tool", tool), ("kind", "logs")])
            metrics?.set("tool_disk", unit: "bytes", value: Double(imageBytes), help: "Disk used per tool, by kind: its deployments' logs, and the images it uses (shared images count for each tool).",
                         labels: [("tool", tool), ("kind", "images")])
        }
        if !report.removedLogFolders.isEmpty || report.storage != StorageSweepResult() {
            logger.info("retention sweep deleted unused data", metadata: [
                "log_folders": "\(report.removedLogFolders.count)", "images": "\(report.storage.removedImages.count)",
                "mirrors": "\(report.storage.removedMirrors.count)",
            ])
        }
        return report
    }
}
