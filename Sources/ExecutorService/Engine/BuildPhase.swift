import Foundation
import PlannerService

/// The builds of a deployment: skipped ones reuse their image, the others run in parallel up
/// to the runner's limit. A failure here means no running component is touched.
struct BuildPhase {
    let runner: DeploymentRunner
    let job: DeploymentJob

    struct Result {
        /// Image of every component that builds from a repository, by component name.
        var images: [String: BuiltImage]
        /// Why the phase failed, if it did.
        var failure: String?
    }

    func execute() async -> Result {
        let store = runner.store
        var byKey: [BuildKey: BuiltImage] = [:]
        var toBuild: [(step: PlanStep, job: BuildJob)] = []
        var failure: String?

        for step in job.plan.steps where step.phase == .build {
            guard let build = job.buildJob(for: step.component) else {
                failure = failure ?? "Component \(step.component) has no repository build the local backend can make"
                try? store.apply(.start, toBuildOf: step.component, in: job.deployID, longStatus: "Starting")
                runner.note(.started, step.id, of: job)
                try? store.apply(.fail, toBuildOf: step.component, in: job.deployID, longStatus: "Only repository builds are supported by the local backend")
                runner.note(.ended, step.id, of: job)
                continue
            }
            if step.kind == .skip, let image = await runner.backend.existingImage(for: build) {
                byKey[build.buildKey] = image
                try? store.apply(.skip, toBuildOf: step.component, in: job.deployID, longStatus: "Reusing existing build", image: image.id)
            } else {
                toBuild.append((step, build))
            }
        }

        await withTaskGroup(of: (PlanStep, BuildJob, Swift.Result<BuiltImage, any Error>).self) { group in
            var queue = toBuild.makeIterator()
            func startNext() {
                guard failure == nil, !Task.isCancelled, let (step, build) = queue.next() else { return }
                let shortCommit = String(build.commit.prefix(10))
                try? store.apply(.start, toBuildOf: step.component, in: job.deployID, longStatus: "Building \(build.repository) at \(shortCommit)")
                runner.note(.started, step.id, of: job)
                runner.count("builds_started", "Builds started.")
                group.addTask {
                    do {
                        return (step, build, .success(try await runner.backend.build(build)))
                    } catch {
                        return (step, build, .failure(error))
                    }
                }
            }
            for _ in 0..<runner.buildConcurrency { startNext() }
            while let (step, build, result) = await group.next() {
                runner.note(.ended, step.id, of: job)
                switch result {
                case .success(let image):
                    byKey[build.buildKey] = image
                    let words = image.reused ? "Reusing existing build" : "Built image \(image.id.prefix(12))"
                    try? store.apply(.succeed, toBuildOf: step.component, in: job.deployID, longStatus: words, image: image.id)
                case .failure(let error):
                    if Task.isCancelled {
                        try? store.apply(.cancel, toBuildOf: step.component, in: job.deployID, longStatus: "Cancelled")
                    } else {
                        try? store.apply(.fail, toBuildOf: step.component, in: job.deployID, longStatus: "\(error)")
                        failure = failure ?? "Build of \(step.component) failed: \(error)"
                    }
                }
                startNext()
            }
        }
        if failure != nil || Task.isCancelled {
            // Builds that never started, and every run: nothing running is touched.
            try? store.abandonPendingSteps(of: job.deployID, longStatus: Task.isCancelled ? "Cancelled" : "Skipped due to previous failure")
        }
        if failure == nil && Task.isCancelled {
            failure = "Cancelled during the builds"
        }

        var images: [String: BuiltImage] = [:]
        for name in job.config.components.keys {
            let source = job.imageSource(of: name)
            if let build = job.buildJob(for: source), let image = byKey[build.buildKey] {
                images[name] = image
            }
        }
        return Result(images: images, failure: failure)
    }
}
