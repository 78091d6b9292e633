import Foundation
import PlannerService
import Protocol
import ToolConfig

extension ExecutorServiceCore {
    /// A new deployment of what an earlier successful deployment ran: its config version
    /// and the commits it pinned, whose images still exist, so nothing is built. It goes
    /// through the same plan, order, health gates and router switch as any deployment.
    public func rollback(_ request: Wire.RollbackDeploymentRequest) async throws -> Wire.CreateDeploymentResponse {
        try checkDescription(request.description)
        let newestFirst = try await store.list(tool: request.tool, limit: Int.max).map(\.deployment)
        guard let target = try rollbackTarget(request.deployId, tool: request.tool, newestFirst: newestFirst) else {
            throw RPCError(.notFound, "the tool \(request.tool) has no deployment \(request.deployId) (deleted, pruned by retention, or never made); "
                + (await oldestTargetWords(newestFirst: newestFirst, tool: request.tool)))
        }
        let source = try rollbackSource(target)
        guard await imagesExist(of: source, tool: request.tool) else {
            throw RPCError(.failedPrecondition, "the images of deployment \(target.deployId) were deleted by retention, so it cannot be rolled back to without a build; "
                + (await oldestTargetWords(newestFirst: newestFirst, tool: request.tool)))
        }
        try checkRepositories(of: source.config)
        var description = "Rollback to \(target.deployId) (config version \(target.configVersion))"
        if !request.description.isEmpty { description += ": \(request.description)" }
        return try await start(source, tool: request.tool, description: String(description.prefix(Self.maxDescriptionCharacters)),
                               forceBuild: false, forceRun: false, onlyPlan: request.onlyPlan, rollbackOf: target.deployId)
    }

    /// The deployment `id` names, or with no id the newest successful deployment older than
    /// the tool's latest one (the one before the current, or the last good one after a
    /// failure); nil when `id` names no stored deployment.
    private func rollbackTarget(_ id: String, tool: String, newestFirst: [DeploymentRecord]) throws -> DeploymentRecord? {
        if id.isEmpty {
            guard let target = newestFirst.dropFirst().first(where: { $0.status == .successful }) else {
                throw RPCError(.failedPrecondition, "the tool \(tool) has no successful deployment before its latest one to roll back to")
            }
            return target
        }
        guard let target = newestFirst.first(where: { $0.deployId == id }) else { return nil }
        guard target.status == .successful else {
            throw RPCError(.failedPrecondition, "deployment \(id) is \(target.status.rawValue); only a successful deployment can be rolled back to")
        }
        return target
    }

    /// The config and commits `target` deployed.
    private func rollbackSource(_ target: DeploymentRecord) throws -> DeploymentSource {
        guard let commits = target.pinnedCommits else {
            throw RPCError(.failedPrecondition, "deployment \(target.deployId) was made before deployments kept their commits, so it cannot be rolled back to")
        }
        let parsed = ToolConfigParser.parse(target.configJSON, options: .acceptedConfig)
        guard let config = parsed.config else {
            throw RPCError(.failedPrecondition, "the config deployment \(target.deployId) ran no longer validates: \(parsed.errors.first.map { "\($0)" } ?? "")")
        }
        // The target's stored config and the document it fetched: a rollback never fetches
        // source_url again, it deploys what the target deployed.
        return DeploymentSource(configVersion: target.configVersion, configJSON: target.configJSON, config: config, commits: commits,
                                document: target.sourceDocument)
    }

    /// Whether every image `source` runs still exists.
    private func imagesExist(of source: DeploymentSource, tool: String) async -> Bool {
        let job = DeploymentJob(deployID: "", tool: tool, config: source.config, plan: Plan(steps: [], levels: [], criticalPathLength: 0),
                                commits: DeploymentJob.commitTable(source.commits), logFolder: configuration.stateDirectory)
        for name in source.config.components.keys.sorted() where source.config.components[name]?.build.repository != nil {
            guard let build = job.buildJob(for: name), await backend.existingImage(for: build) != nil else { return false }
        }
        return true
    }

    /// Names the oldest successful deployment whose images all exist.
    private func oldestTargetWords(newestFirst: [DeploymentRecord], tool: String) async -> String {
        var oldest: DeploymentRecord?
        for record in newestFirst where record.status == .successful {
            if let source = try? rollbackSource(record), await imagesExist(of: source, tool: tool) {
                oldest = record
            }
        }
        guard let oldest else { return "no deployment of \(tool) can be rolled back to now" }
        return "the oldest deployment you can roll back to is \(oldest.deployId)"
    }
}
