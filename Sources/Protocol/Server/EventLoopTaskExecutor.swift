import NIOCore

/// A `TaskExecutor` that runs jobs on one NIO event loop, so a task started with it as its
/// executor preference runs on the loop's thread: no hop to the global pool and back.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
