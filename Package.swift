// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Components",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "componentsd", targets: ["componentsd"]),
        .executable(name: "componentsd-executor", targets: ["componentsd-executor"]),
        .executable(name: "components", targets: ["components"]),
        .executable(name: "components-log-writer", targets: ["components-log-writer"]),
        .library(name: "Protocol", targets: ["Protocol"]),
        .library(name: "ToolConfig", targets: ["ToolConfig"]),
        .library(name: "ComponentsAPI", targets: ["ComponentsAPI"]),
        // For Benchmarks/Executor, which measures the run sandbox's start latency.
        .library(name: "LocalBackend", targets: ["LocalBackend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The gateway's own TLS and the CN of client certificates.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C at the edge: generated protobuf-c code and the system libraries it and we use.
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"])]
        ),
        .target(name: "CProto", dependencies: ["CProtobufC"]),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libcurl's headers (libcurl4-openssl-dev); the library is loaded on first use.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),

        // Libraries: one per concern.
        // The value types every module names the same way: DNS labels, component types,
        // build sources.
        .target(name: "ComponentsModel"),
        // The JSON of the HTTP API as Codable types: the gateway encodes them, the CLI
        // decodes them. Foundation and ComponentsModel only: a client links no NIO or Hummingbird.
        .target(name: "ComponentsAPI", dependencies: ["ComponentsModel"]),
        // Size-capped, rename-rotated log files: the executor's readers and lines, and the
        // log writer processes. The C library only, so the writer stays small.
        .target(name: "LogRotation"),
        .target(
            name: "Protocol",
            dependencies: [
                "CProto", "CProtobufC", "ComponentsModel",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ToolConfig",
            dependencies: [
                "CYAML", "ComponentsModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ConfigService",
            dependencies: [
                "Protocol", "ToolConfig", "ComponentsModel", "HTTPClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PlannerService",
            dependencies: [
                "Protocol", "ToolConfig", "ComponentsModel",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ExecutorService",
            dependencies: [
                "Protocol", "ToolConfig", "PlannerService", "ComponentsModel", "LogRotation",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Gateway",
            dependencies: [
                // ToolConfig renders stored configs in the components-api spelling for /components/v1.
                "Protocol", "ComponentsModel", "ComponentsAPI", "ToolConfig",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Served as it is at /openapi.yaml; `.copy` keeps its bytes.
            resources: [.copy("OpenAPI/openapi.yaml")]
        ),
        // The embedded backend: git snapshots as images, supervised processes. Only the
        // DeploymentBackend protocol joins it to the executor.
        .target(
            name: "LocalBackend",
            dependencies: [
                "ExecutorService", "ToolConfig", "HTTPClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        // The Kubernetes backend: a tool's config as Kubernetes objects (pure, also used offline
        // by `components manifests`).
        .target(name: "KubernetesBackend", dependencies: ["ToolConfig", "ComponentsModel"]),
        // The router: Caddy, driven through its admin API from the executor's routes.
        .target(
            name: "Router",
            dependencies: [
                "Protocol", "ExecutorService", "LocalBackend", "HTTPClient", "ComponentsModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ComponentsTesting",
            dependencies: [
                "Protocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // What service executables share: options, the executor's start, the service group.
        .target(
            name: "ServiceHosting",
            dependencies: [
                "Protocol", "ExecutorService", "LocalBackend", "ToolConfig", "Router",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Thin executables.
        .executableTarget(
            name: "componentsd",
            dependencies: [
                "Protocol", "ToolConfig", "ConfigService", "PlannerService", "ExecutorService", "Gateway", "ServiceHosting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "componentsd-executor", dependencies: [
            "ServiceHosting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Writes one run's output from a pipe into its log; started by the local backend.
        .executableTarget(name: "components-log-writer", dependencies: ["LogRotation"]),
        .executableTarget(
            name: "components",
            dependencies: [
                "ToolConfig", "PlannerService", "HTTPClient", "ComponentsAPI", "KubernetesBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests.
        .testTarget(
            name: "ProtocolTests",
            dependencies: [
                "Protocol", "ComponentsTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "ComponentsAPITests", dependencies: ["ComponentsAPI"]),
        .testTarget(name: "KubernetesBackendTests", dependencies: ["KubernetesBackend", "ToolConfig", "ComponentsTesting", "components"]),
        .testTarget(
            name: "ToolConfigTests",
            dependencies: [
                "ToolConfig", "ComponentsModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "PlannerServiceTests",
            dependencies: [
                "PlannerService", "ToolConfig",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ConfigServiceTests",
            dependencies: ["ConfigService", "ComponentsTesting", "Protocol", "ToolConfig", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ExecutorServiceTests",
            dependencies: [
                "ExecutorService", "LocalBackend", "PlannerService", "ToolConfig", "ConfigService", "ComponentsTesting", "Protocol",
                "components-log-writer",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "LocalBackendTests",
            dependencies: [
                "LocalBackend", "ExecutorService", "ToolConfig", "LogRotation", "components-log-writer", "ComponentsTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "ComponentsAPI", "ComponentsTesting", "Protocol", "ToolConfig",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ComponentsdTests",
            dependencies: ["ComponentsTesting", "ConfigService", "Protocol", "ServiceHosting", "ToolConfig", "LocalBackend", "Router", "HTTPClient", "componentsd", "componentsd-executor", "components-log-writer"]
        ),
    ]
)
