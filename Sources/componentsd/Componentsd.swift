import ArgumentParser
import ServiceHosting

/// `componentsd`: the Components services, one per subcommand, or all five in one process.
@main
struct Componentsd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "componentsd",
        abstract: "Run the Components services.",
        discussion: """
            Each service is its own process: config (7401), planner (7402), executor (7403), the \
            HTTP gateway (8000) and the router, which puts published components at \
            http://TOOL.localhost:8080/ through Caddy. `componentsd all` runs them in one process for a laptop; \
            `componentsd-executor` is the executor alone in a smaller executable. \
            Services stop cleanly on SIGTERM or SIGINT.
            """,
        version: ComponentsdVersion.current,
        subcommands: [AllCommand.self, ConfigCommand.self, PlannerCommand.self, ExecutorCommand.self, GatewayCommand.self, RouterCommand.self, ToolCommand.self]
    )
}
