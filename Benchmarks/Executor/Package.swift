// swift-tools-version:6.1
// The executor benchmark: `Benchmarks/run executor` (Benchmarks/run-executor) builds this and
// componentsd in release and runs `executor-bench`, which deploys a 50-component plan of
// sleep-based one-off and continuous components through real config, planner and executor
// processes and compares the deployment's wall time with the plan's critical path, and
// samples the executor's resident memory. Its own package, so the main build is untouched.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone was called.
let rootIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "ExecutorBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "executor-bench",
            dependencies: [
                .product(name: "Protocol", package: rootIdentity),
                .product(name: "LocalBackend", package: rootIdentity),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
