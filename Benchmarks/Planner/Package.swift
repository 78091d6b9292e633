// swift-tools-version:6.1
// The planner benchmark: `Benchmarks/run-planner` builds this in release and runs it.
// Sources/PlannerService and Sources/ComponentsModel are symlinks to the main package's targets; only the pure planner's
// folders are compiled, so the benchmark needs neither ToolConfig nor the RPC layer.
import PackageDescription

let package = Package(
    name: "PlannerBenchmark",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "ComponentsModel", path: "Sources/ComponentsModel"),
        .target(
            name: "PlannerService",
            dependencies: ["ComponentsModel"],
            path: "Sources/PlannerService",
            exclude: ["PlanInput+ToolConfig.swift", "PlannerRPC.swift"],
            sources: ["Model", "Planning", "Rendering", "Support"]
        ),
        .executableTarget(
            name: "planner-bench",
            dependencies: ["PlannerService"],
            path: "Sources/planner-bench"
        ),
    ]
)
