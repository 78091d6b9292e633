import Foundation
import PlannerService

/// The builds of a deployment: skipped ones reuse their image, the others run in parallel up
/// to the runner's limit. A failure here means no running component is touched.
struct BuildPhase {
    let runner: DeploymentRunner
    let job: DeploymentJob
    let recorder: DeploymentRecorder

    struct Result {
        /// Image of every component that builds from a repository, by component name.
        var images: [String: BuiltImage]
        /// Why the phase failed, if it did.
        var failure: String?
    }

    /// Builds what the plan says; throws when a record could not be committed, after the
    /// builds in flight were cancelled.
    func execute() async throws(DeploymentRecorder.StoreFailure) -> Result {
        var byKey: [BuildKey: BuiltImage] = [:]
        var toBuild: [(step: PlanStep, job: BuildJob)] = []
        var failure: String?

        for step in job.plan.steps where step.phase == .build {
            guard let build = job.buildJob(for: step.component) else {
                failure = failure ?? "Component \(step.component) has no repository build the local backend can make"
                try await recorder.build(.start, of: step.component, "Starting")
                try await recorder.step(.started, step.id)
                try await recorder.build(.fail, of: step.component, "Only repository builds are supported by the local backend")
                try await recorder.step(.ended, step.id)
                continue
            }
            if step.kind == .skip, let image = await runner.backend.existingImage(for: build) {
                byKey[build.buildKey] = image
                try await recorder.build(.skip, of: step.component, "Reusing existing build", image: image.id)
            } else {
                toBuild.append((step, build))
            }
        }

        var storeFailure: DeploymentRecorder.StoreFailure?
        await withTaskGroup(of: (PlanStep, BuildJob, Swift.Result<BuiltImage, any Error>).self) { group in
            var queue = toBuild.makeIterator()
            func startNext() async {
                guard failure == nil, storeFailure == nil, !Task.isCancelled, let (step, build) = queue.next() else { return }
                do throws(DeploymentRecorder.StoreFailure) {
                    try await recorder.build(.start, of: step.component, "Building \(build.repository) at \(build.commit.prefix(10))")
                    try await recorder.step(.started, step.id)
                } catch {
                    storeFailure = error
                    group.cancelAll()
                    return
                }
                runner.count("builds_started", "Builds started.")
                group.addTask {
                    do {
                        return (step, build, .success(try await runner.backend.build(build)))
                    } catch {
                        return (step, build, .failure(error))
                    }
                }
            }
            for _ in 0..<runner.buildConcurrency { await startNext() }
            while let (step, build, result) = await group.next() {
                do throws(DeploymentRecorder.StoreFailure) {
                    try await recorder.step(.ended, step.id)
                    switch result {
                    case .success(let image):
                        byKey[build.buildKey] = image
                        let words = image.reused ? "Reusing existing build" : "Built image \(image.id.prefix(12))"
                        try await recorder.build(.succeed, of: step.component, words, image: image.id)
                    case .failure(let error):
                        if Task.isCancelled || storeFailure != nil {
                            try await recorder.build(.cancel, of: step.component, "Cancelled")
                        } else {
                            try await recorder.build(.fail, of: step.component, "\(error)")
                            failure = failure ?? "Build of \(step.component) failed: \(error)"
                        }
                    }
                } catch {
                    storeFailure = storeFailure ?? error
                    group.cancelAll()
                }
                await startNext()
            }
        }
        if let storeFailure { throw storeFailure }
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
