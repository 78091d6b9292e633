import ArgumentParser
import ServiceHosting

/// `componentsd-executor`: the executor service alone, in an executable that links nothing
/// of the other services (smaller resident memory for a long-running process). It takes the
/// same options as `componentsd executor`.
@main
struct ComponentsdExecutor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "componentsd-executor",
        abstract: "Run the executor service (the same as `componentsd executor`, in a smaller executable).",
        discussion: """
            Owns deployments: builds images from git, runs components, health-checks them and \
            persists every state change under --state-dir. Stops cleanly on SIGTERM or SIGINT.
            """,
        version: ComponentsdVersion.current)

    @OptionGroup var service: ExecutorServiceArguments

    func run() async throws {
        try await service.run()
    }
}
