// swift-tools-version:6.1
// The config benchmark (issue 4): `Benchmarks/run config` builds this in release and runs
// `config-bench`, which generates a seeded 1,000-component tool config and times
// ToolConfigParser.parse (parse + validate) against PyYAML's C loader plus a jsonschema check
// of the same file (python/pyyaml_jsonschema.py, toolconfig.schema.json), in one run.
// It is its own package so the main build never carries benchmark code.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone was called.
let rootIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "ConfigBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "config-bench",
            dependencies: [
                .product(name: "ToolConfig", package: rootIdentity),
            ]
        ),
    ]
)
