import ArgumentParser
import ConfigService
import Foundation
import Protocol
import ServiceHosting
import ServiceLifecycle
import ToolConfig

/// `componentsd config`: tool configs, tokens and the image registry.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Run the config service.")

    @Option(help: "RPC listen address.") var listen = ServiceAddress(host: "127.0.0.1", port: 7401)
    @Option(help: "Image registry YAML file (see examples/images.yaml).") var images: String?
    @Flag(help: "Accept file:// repositories in configs (only for a single-machine setup).") var allowLocalRepositories = false
    @Flag(help: "Accept repositories and source_url documents on loopback, private and link-local addresses (and localhost) in configs.")
    var allowPrivateRepositories = false
    @Flag(help: "Accept unencrypted http:// and git:// repositories, and http:// source_url documents, in configs.") var allowInsecureRepositories = false
    @OptionGroup var limits: ConfigLimitsOptions
    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let logger = options.startProcess(label: "componentsd.config")
        let stack = ServiceStack(options: options, logger: logger)
        let server = try await stack.startConfig(listen, images: images, allowLocalRepositories: allowLocalRepositories,
                                                 allowPrivateRepositories: allowPrivateRepositories,
                                                 allowInsecureRepositories: allowInsecureRepositories, limits: limits.limits)
        announce("config", server.localAddress)
        try await stack.run([server])
    }
}

/// `componentsd planner`: turns config and state into plans.
struct PlannerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "planner", abstract: "Run the planner service.")

    @Option(help: "RPC listen address.") var listen = ServiceAddress(host: "127.0.0.1", port: 7402)
    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let logger = options.startProcess(label: "componentsd.planner")
        let stack = ServiceStack(options: options, logger: logger)
        let server = try await stack.startPlanner(listen)
        announce("planner", server.localAddress)
        try await stack.run([server])
    }
}

/// `componentsd executor`: deployments, builds and runs.
struct ExecutorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "executor", abstract: "Run the executor service.")

    @OptionGroup var service: ExecutorServiceArguments

    func run() async throws {
        try await service.run()
    }
}

/// `componentsd gateway`: the HTTP JSON API.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gateway", abstract: "Run the HTTP gateway.")

    @Option(help: "HTTP listen address.") var listen = ServiceAddress(host: "127.0.0.1", port: 8000)
    @Option(help: "Address of the config service.") var configService = ServiceAddress(host: "127.0.0.1", port: 7401)
    @Option(help: "Address of the planner service.") var plannerService = ServiceAddress(host: "127.0.0.1", port: 7402)
    @Option(help: "Address of the executor service.") var executorService = ServiceAddress(host: "127.0.0.1", port: 7403)
    @Option(help: "The router's public base, such as http://localhost:8080: answers then show published components at http://TOOL.localhost:8080/PATH.")
    var routerURL: RouterURL?
    @Option(help: "RPC address of the router (its --listen), whose request metrics per tool and component /metrics then includes.")
    var routerService: ServiceAddress?
    @OptionGroup var front: TrustedFrontOptions
    @OptionGroup var tls: GatewayTLSOptions
    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let logger = options.startProcess(label: "componentsd.gateway")
        let stack = ServiceStack(options: options, logger: logger)
        let gateway = try stack.gateway(listen, config: configService, planner: plannerService, executor: executorService, router: routerService,
                                        toolAddress: routerURL?.toolAddress, trustedFront: try front.trustedFront, tls: tls)
        try await stack.run([gateway])
    }
}

/// `componentsd router`: Caddy at the tools' addresses, following the executor's routes.
struct RouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router", abstract: "Run the router: Caddy serving each tool's published components at http://TOOL.BASE-DOMAIN:PORT/.")

    @Option(help: "Address of the executor service, which says what is published where.")
    var executorService = ServiceAddress(host: "127.0.0.1", port: 7403)
    @Option(help: "RPC listen address, where the gateway reads the router's metrics (give it to the gateway as --router-service).")
    var listen = ServiceAddress(host: "127.0.0.1", port: 7404)
    @OptionGroup var router: RouterOptions
    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let logger = options.startProcess(label: "componentsd.router")
        let (service, server) = try await RouterHost.start(router, rpc: listen, executor: executorService, options: options, logger: logger)
        try await ServiceStack(options: options, logger: logger).run([server, service])
    }
}

/// `componentsd all`: the services in one process, for a laptop.
struct AllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run config, planner, executor, gateway and router in one process.",
        discussion: "The RPC services listen on --listen (config) and the next three ports (planner, executor, router); with port 0 each picks a free port.")

    @Option(help: "RPC address of the config service; planner, executor and router take the next three ports.")
    var listen = ServiceAddress(host: "127.0.0.1", port: 7401)
    @Option(help: "HTTP listen address of the gateway.") var httpListen = ServiceAddress(host: "127.0.0.1", port: 8000)
    @Option(help: "Image registry YAML file (see examples/images.yaml).") var images: String?
    @Option(help: "The tool created on first start; its token goes to the CLI config file.") var defaultTool = "mytool"
    @Option(help: "The CLI config file to write (default ~/.config/components/config.yaml).") var cliConfig: String?
    @OptionGroup var executor: ExecutorOptions
    @OptionGroup var router: RouterOptions
    @Flag(help: "Run without the router: published components get no address.") var noRouter = false
    @OptionGroup var front: TrustedFrontOptions
    @OptionGroup var tls: GatewayTLSOptions
    @OptionGroup var limits: ConfigLimitsOptions
    @OptionGroup var options: ServiceOptions

    func validate() throws {
        do { try ToolName.validate(defaultTool) } catch { throw ValidationError(error.message) }
        if let maximum = limits.maxMemory, executor.defaultMemory > maximum {
            throw ValidationError("--default-memory \(executor.defaultMemory) is over --max-memory \(maximum)")
        }
        if let maximum = limits.maxCPU, executor.defaultCPU > maximum {
            throw ValidationError("--default-cpu \(executor.defaultCPU) is over --max-cpu \(maximum)")
        }
    }

    func run() async throws {
        let logger = options.startProcess(label: "componentsd")
        let stack = ServiceStack(options: options, logger: logger)
        func next(_ offset: Int) -> ServiceAddress {
            ServiceAddress(host: listen.host, port: listen.port == 0 ? 0 : listen.port + offset)
        }
        // A loopback laptop mode: file:// repositories are allowed. Private hosts and http://
        // or git:// are not unless asked for (--allow-private-repositories,
        // --allow-insecure-repositories, taken from the executor's options and applied to the
        // config service too): a config copied from elsewhere must not reach the laptop's own
        // services, and a local git server is still usable as file:// or with the flags.
        let config = try await stack.startConfig(listen, images: images, allowLocalRepositories: true,
                                                 allowPrivateRepositories: executor.allowPrivateRepositories,
                                                 allowInsecureRepositories: executor.allowInsecureRepositories, limits: limits.limits)
        announce("config", config.localAddress)
        let planner = try await stack.startPlanner(next(1))
        announce("planner", planner.localAddress)
        var laptop = executor
        laptop.allowLocalRepositories = true
        let (executorServer, executorServices) = try await stack.startExecutor(next(2), config: config.localAddress, planner: planner.localAddress,
                                                                   executor: laptop)
        announce("executor", executorServer.localAddress)
        let routed = noRouter ? nil : try await RouterHost.start(router, rpc: next(3), executor: executorServer.localAddress, options: options, logger: logger)
        let cliFile = cliConfig.map { URL(fileURLWithPath: $0) } ?? DefaultTool.cliConfigFile
        let gateway = try stack.gateway(httpListen, config: config.localAddress, planner: planner.localAddress, executor: executorServer.localAddress,
                                        router: routed?.server.localAddress, toolAddress: routed?.service.settings.toolAddress,
                                        trustedFront: try front.trustedFront, tls: tls) { address in
            DefaultTool.ensure(defaultTool, stateDirectory: options.stateDir, url: "\(tls.enabled ? "https" : "http")://\(address)", cliConfig: cliFile, logger: logger)
        }
        let routerServices: [any Service] = routed.map { [$0.server, $0.service] } ?? []
        try await stack.run([config, planner, executorServer, gateway] + executorServices + routerServices)
    }
}
